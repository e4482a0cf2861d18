// What an activity reached, on the activity page: people reached, service contacts and headcount
// participants, each apart and by sex and age band, never added to one another.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { useT, type TFunc } from '../../i18n';
import { LoadState, useLoad } from '../../components/useLoad';
import { SEX, SEXES } from './attendance';
import { bandCodeText, type Breakdown, type Reach as ReachView } from './groups';

const COUNTS = ['people_reached', 'service_contacts', 'headcount_participants'] as const;

const TITLE = (t: TFunc): Record<(typeof COUNTS)[number], { title: string; what: string }> => ({
  people_reached: { title: t('reach.people_reached'), what: t('reach.people_reached_what') },
  service_contacts: { title: t('reach.service_contacts'), what: t('reach.service_contacts_what') },
  headcount_participants: { title: t('reach.headcount_participants'), what: t('reach.headcount_participants_what') },
});

export function Reach({ activityId }: { activityId: string }) {
  const { t } = useT();
  const [reach, setReach] = useState<ReachView | null>(null);
  const loader = useLoad(async () => {
    const { data } = await api.get<ReachView>('/activities/' + encodeURIComponent(activityId) + '/reach');
    setReach(data);
  });
  useEffect(() => {
    void loader.load();
  }, [activityId]);

  const words = TITLE(t);
  return (
    <section aria-labelledby="reach-title">
      <h2 id="reach-title">{t('reach.title')}</h2>
      <LoadState {...loader} />
      {reach && (
        <>
          <p class="hint">{t('reach.why_apart')}</p>
          <dl class="reach-counts">
            {COUNTS.map((c) => (
              <div key={c} id={'reach-' + c}>
                <dt>{words[c].title}</dt>
                <dd>{reach[c].total}</dd>
              </div>
            ))}
          </dl>
          <p class="record-secondary">{t('reach.sessions', { n: reach.sessions })}</p>
          {COUNTS.filter((c) => reach[c].total > 0).map((c) => (
            <BreakdownTable key={c} id={'reach-table-' + c} caption={words[c].title} what={words[c].what} b={reach[c]} bands={reach.age_bands} />
          ))}
        </>
      )}
    </section>
  );
}

// Age bands down, sex across (so that it fits a phone), with the totals of each.
function BreakdownTable({ id, caption, what, b, bands: programmeBands }: { id: string; caption: string; what: string; b: Breakdown; bands: string[] }) {
  const { t } = useT();
  // The programme's bands, then any other the counts hold (people of unknown age).
  const bands = [...programmeBands];
  for (const bySex of Object.values(b.cells)) for (const band of Object.keys(bySex)) if (!bands.includes(band)) bands.push(band);
  const cell = (sex: string, band: string) => b.cells[sex]?.[band] || 0;
  const sexes = SEXES.filter((s) => s !== 'not_recorded' || bands.some((band) => cell(s, band) > 0));
  const sexTotal = (sex: string) => bands.reduce((n, band) => n + cell(sex, band), 0);
  const bandTotal = (band: string) => sexes.reduce((n, sex) => n + cell(sex, band), 0);
  return (
    <table class="reach-table" id={id}>
      <caption>
        {caption}
        <span class="record-secondary">{what}</span>
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('reach.age')}</th>
          {sexes.map((s) => (
            <th key={s} scope="col">
              {s === 'not_recorded' ? t('reach.sex_not_recorded') : t(SEX[s])}
            </th>
          ))}
          <th scope="col">{t('reach.total')}</th>
        </tr>
      </thead>
      <tbody>
        {bands.map((band) => (
          <tr key={band}>
            <th scope="row">
              <span dir={/^\d/.test(band) ? 'ltr' : undefined}>{bandCodeText(band, t)}</span>
            </th>
            {sexes.map((s) => (
              <td key={s}>{cell(s, band)}</td>
            ))}
            <td>{bandTotal(band)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('reach.total')}</th>
          {sexes.map((s) => (
            <td key={s}>{sexTotal(s)}</td>
          ))}
          <td>{b.total}</td>
        </tr>
      </tfoot>
    </table>
  );
}
