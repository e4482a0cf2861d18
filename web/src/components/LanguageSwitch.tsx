import { LANGUAGES, setLanguage, useT, type Lang } from '../i18n';

export function LanguageSwitch() {
  const { t, lang } = useT();
  return (
    <div class="lang-switch">
      <label for="language-switch">{t('language.label')}</label>
      <select id="language-switch" value={lang} onChange={(e) => setLanguage(e.currentTarget.value as Lang)}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}
