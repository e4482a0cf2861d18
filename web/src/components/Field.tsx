import type { ComponentChildren } from 'preact';
import type { FieldDef } from '../resources';
import { ROLES, ROLE_LABELS } from '../resources';
import { k, useT } from '../i18n';

export type Value = string | string[];

interface Props {
  id: string;
  def: FieldDef;
  value: Value;
  error?: string;
  disabled?: boolean;
  onInput: (v: Value) => void;
  sites?: { value: string; label: string }[];
  // Options already in words (e.g. codes from the server's lists); otherwise def.options are used.
  choices?: { value: string; label: string }[];
}

// One labelled form field with its hint and its server-side error beside it.
export function Field({ id, def, value, error, disabled, onInput, sites, choices }: Props) {
  const { t } = useT();
  const hintId = def.hint ? id + '-hint' : undefined;
  const errId = error ? id + '-error' : undefined;
  const describedBy = [errId, hintId].filter(Boolean).join(' ') || undefined;
  const v = typeof value === 'string' ? value : '';
  const common = {
    id,
    name: def.name,
    disabled,
    required: def.required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  };
  const text = (e: Event) => onInput((e.currentTarget as HTMLInputElement).value);

  const below: ComponentChildren = (
    <>
      {def.hint && (
        <p class="hint" id={hintId}>
          {t(def.hint)}
        </p>
      )}
      {error && (
        <p class="field-error" id={errId}>
          {error}
        </p>
      )}
    </>
  );

  const options = choices || (def.options || []).map((o) => ({ value: o.value, label: t(o.label) }));

  if (def.kind === 'radio' || def.kind === 'checks') {
    const multi = def.kind === 'checks';
    const chosen = Array.isArray(value) ? value : [];
    return (
      <fieldset class={'field' + (error ? ' has-error' : '')} id={id} aria-describedby={describedBy} disabled={disabled}>
        <legend>
          {t(def.label)}
          {def.required && <span class="req" aria-hidden="true"> *</span>}
        </legend>
        <div class={multi ? 'checks' : 'radios'}>
          {options.map((o) => (
            <label class="check" key={o.value}>
              <input
                type={multi ? 'checkbox' : 'radio'}
                name={def.name}
                value={o.value}
                checked={multi ? chosen.includes(o.value) : v === o.value}
                aria-invalid={error ? true : undefined}
                onChange={(e) => {
                  const on = (e.currentTarget as HTMLInputElement).checked;
                  if (!multi) onInput(o.value);
                  else onInput(on ? [...chosen, o.value] : chosen.filter((x) => x !== o.value));
                }}
              />
              <span>{o.label}</span>
            </label>
          ))}
        </div>
        {below}
      </fieldset>
    );
  }

  if (def.kind === 'checkbox') {
    return (
      <div class={'field' + (error ? ' has-error' : '')}>
        <label class="check" for={id}>
          <input
            {...common}
            required={false}
            type="checkbox"
            checked={v === 'true'}
            onChange={(e) => onInput((e.currentTarget as HTMLInputElement).checked ? 'true' : '')}
          />
          <span>{t(def.label)}</span>
        </label>
        {below}
      </div>
    );
  }

  if (def.kind === 'roles') {
    const chosen = Array.isArray(value) ? value : [];
    return (
      <fieldset class={'field' + (error ? ' has-error' : '')} id={id} aria-describedby={describedBy} disabled={disabled}>
        <legend>
          {t(def.label)}
          {def.required && <span class="req" aria-hidden="true"> *</span>}
        </legend>
        <div class="checks">
          {ROLES.map((r) => (
            <label class="check" key={r}>
              <input
                type="checkbox"
                name="roles"
                value={r}
                checked={chosen.includes(r)}
                onChange={(e) => {
                  const on = (e.currentTarget as HTMLInputElement).checked;
                  onInput(on ? [...chosen, r] : chosen.filter((x) => x !== r));
                }}
              />
              <span>{t(ROLE_LABELS[r])}</span>
            </label>
          ))}
        </div>
        {below}
      </fieldset>
    );
  }

  let control;
  if (def.kind === 'select' || def.kind === 'site') {
    const opts = def.kind === 'site' && !choices ? sites || [] : options;
    const waiting = def.kind === 'site' && !sites && !choices;
    control = (
      <select {...common} value={v} onChange={text}>
        <option value="">{t(waiting ? k('common.loading') : k('common.choose'))}</option>
        {opts.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (def.kind === 'textarea') {
    control = <textarea {...common} rows={4} value={v} onInput={text} />;
  } else {
    const type = def.kind === 'text' ? 'text' : def.kind;
    // Built as a plain object: the input type is only known at run time.
    const props: Record<string, unknown> = {
      ...common,
      type,
      step: def.step,
      min: def.min,
      max: def.max,
      inputMode: def.kind === 'number' ? (def.step === '1' ? 'numeric' : 'decimal') : undefined,
      autoComplete: def.autocomplete,
      dir: def.kind === 'email' || def.kind === 'tel' || def.kind === 'number' || def.kind === 'date' ? 'ltr' : undefined,
      value: v,
      onInput: text,
    };
    control = <input {...props} />;
  }
  return (
    <div class={'field' + (error ? ' has-error' : '')}>
      <label for={id}>
        {t(def.label)}
        {def.required && <span class="req" aria-hidden="true"> *</span>}
      </label>
      {control}
      {below}
    </div>
  );
}

interface SelectProps {
  id: string;
  label: string;
  value: string;
  choices: { value: string; label: string }[];
  // The words for "none", offered first when given.
  none?: string;
  disabled?: boolean;
  onChange: (value: string) => void;
}

// A labelled drop-down of choices already in words, for what is not a record's field (a filter, a setting).
export function Select({ id, label, value, choices, none, disabled, onChange }: SelectProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.currentTarget.value)}>
        {none !== undefined && <option value="">{none}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

interface FormFields {
  defs: Record<string, FieldDef>;
  idOf: (name: string) => string;
  values: Record<string, Value>;
  errors: Record<string, string>;
  disabled: boolean;
  // Fields that cannot be changed here, even when the form is not busy.
  fixed?: Record<string, boolean>;
  sites?: { value: string; label: string }[];
  // Options in words, by field name (see Field's `choices`).
  choices?: Record<string, { value: string; label: string }[] | undefined>;
  onInput: (name: string, v: Value) => void;
}

// Renders a form's field by its name: `fieldsOf(form)('title')`.
export function fieldsOf(f: FormFields) {
  return (name: string) => (
    <Field
      key={name}
      id={f.idOf(name)}
      def={f.defs[name]}
      value={f.values[name]}
      error={f.errors[name]}
      disabled={f.disabled || f.fixed?.[name]}
      sites={f.sites}
      choices={f.choices?.[name]}
      onInput={(v) => f.onInput(name, v)}
    />
  );
}
