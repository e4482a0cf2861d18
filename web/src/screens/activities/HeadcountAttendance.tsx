// A headcount: how many came, by sex (the rows) and the programme's age bands (the columns), with
// each row's total and everyone's. On a phone each sex is a group of boxes that wraps; an empty box
// is none. What is not a whole number is refused here; the largest count a box may hold is the
// server's rule, and its message comes back to that box.
import { useEffect, useState } from 'preact/hooks';
import { k, useT, type TFunc } from '../../i18n';
import { navigate } from '../../router';
import { setFlash } from '../../flash';
import { useForm } from '../../components/useForm';
import {
  bandText,
  cellKey,
  cellNumber,
  inAttendanceWords,
  putAttendance,
  SEX,
  SEXES,
  type AgeBand,
  type AttendanceView,
  type Headcount,
} from './attendance';
import { AttendanceTop, SaveBar, type ModeProps } from './AttendanceParts';

// "headcount.female.18_59" → "hc-female-18_59".
const cellId = (key: string) => 'hc-' + key.slice('headcount.'.length).replace('.', '-');

function storedText(view: AttendanceView, sex: string, band: string): string {
  const n = view.headcount?.[sex]?.[band];
  return typeof n === 'number' && n > 0 ? String(n) : '';
}

// A band's words: a range kept left to right ("0–5"), an open band in the reader's words ("60+").
function BandLabel({ band, t }: { band: AgeBand; t: TFunc }) {
  return band.max_age === null ? <>{bandText(band, t)}</> : <span dir="ltr">{bandText(band, t)}</span>;
}

export function HeadcountAttendance({ view, etag, editable, back, reload }: ModeProps) {
  const { t } = useT();
  const bands = view.age_bands;
  // The boxes changed on this screen, as typed; the others show the stored counts.
  const [typed, setTyped] = useState<Record<string, string>>({});
  const order = SEXES.flatMap((sex) => bands.map((b) => cellKey(sex, b.code)));
  const form = useForm(order, cellId);
  const { busy, errors } = form;

  useEffect(() => form.clear(), [view.version]);

  const text = (sex: string, band: string) => typed[cellKey(sex, band)] ?? storedText(view, sex, band);
  const rowTotal = (sex: string) => bands.reduce((sum, b) => sum + (cellNumber(text(sex, b.code)) ?? 0), 0);
  const total = SEXES.reduce((sum, sex) => sum + rowTotal(sex), 0);

  const save = () => {
    const refused: Record<string, string> = {};
    const headcount: Headcount = {};
    for (const sex of SEXES) {
      for (const b of bands) {
        const n = cellNumber(text(sex, b.code));
        if (n === null) refused[cellKey(sex, b.code)] = t('attendance_error.not_number');
        else if (n > 0) (headcount[sex] ||= {})[b.code] = n;
      }
    }
    if (Object.keys(refused).length > 0) {
      form.show(refused, t('form.fix_fields'));
      return;
    }
    void form.send(async () => {
      try {
        await putAttendance(view.session_id, { headcount }, etag);
        setFlash(k('attendance.saved_headcount'), { date: view.date, total });
        navigate(back);
      } catch (err) {
        throw inAttendanceWords(err, t);
      }
    });
  };

  return (
    <>
      <AttendanceTop form={form} reload={reload} />
      <p class="hint">{t('attendance.headcount_hint')}</p>
      {SEXES.map((sex) => {
        const sexWords = t(SEX[sex]);
        const faults = bands.filter((b) => errors[cellKey(sex, b.code)]);
        return (
          <fieldset class="hc-group" key={sex}>
            <legend>{sexWords}</legend>
            <div class="hc-cells">
              {bands.map((b) => {
                const key = cellKey(sex, b.code);
                const id = cellId(key);
                const error = errors[key];
                return (
                  <div class={'hc-cell' + (error ? ' has-error' : '')} key={b.code}>
                    <label for={id}>
                      <span class="visually-hidden">{sexWords}, </span>
                      <BandLabel band={b} t={t} />
                    </label>
                    <input
                      id={id}
                      type="text"
                      inputMode="numeric"
                      autoComplete="off"
                      dir="ltr"
                      value={text(sex, b.code)}
                      readOnly={!editable}
                      disabled={busy}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? id + '-error' : undefined}
                      onInput={(e) => {
                        const v = e.currentTarget.value;
                        setTyped((old) => ({ ...old, [key]: v }));
                      }}
                    />
                  </div>
                );
              })}
              <div class="hc-cell hc-total">
                <span>{t('attendance.total')}</span>
                <strong id={'hc-' + sex + '-total'}>{rowTotal(sex)}</strong>
              </div>
            </div>
            {faults.map((b) => (
              <p class="field-error" key={b.code} id={cellId(cellKey(sex, b.code)) + '-error'}>
                <BandLabel band={b} t={t} />: {errors[cellKey(sex, b.code)]}
              </p>
            ))}
          </fieldset>
        );
      })}
      {editable ? (
        <SaveBar count={t('attendance.overall', { total })} live={false} busy={busy} back={back} onSave={save} />
      ) : (
        <p class="att-count">{t('attendance.overall', { total })}</p>
      )}
    </>
  );
}
