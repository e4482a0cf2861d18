// Translations: i18next with English built in and Arabic loaded on demand, and a tiny hook for Preact.
import i18next from 'i18next';
import { useEffect, useState } from 'preact/hooks';
import en from './en.json';

export const LANGUAGES = [
  { code: 'en', dir: 'ltr', name: 'English' },
  { code: 'ar', dir: 'rtl', name: 'العربية' },
] as const;
export type Lang = (typeof LANGUAGES)[number]['code'];

const STORE_KEY = 'baton.language';

function initialLanguage(): Lang {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(STORE_KEY);
  } catch {
    /* storage blocked */
  }
  if (saved === 'en' || saved === 'ar') return saved;
  return (navigator.language || '').toLowerCase().startsWith('ar') ? 'ar' : 'en';
}

function applyToDocument(lang: string) {
  const l = LANGUAGES.find((x) => x.code === lang) || LANGUAGES[0];
  document.documentElement.lang = l.code;
  document.documentElement.dir = l.dir;
}

export const i18n = i18next.createInstance();
i18n.init({
  lng: initialLanguage(),
  fallbackLng: 'en',
  resources: { en: { translation: en } },
  interpolation: { escapeValue: false }, // Preact escapes text
  returnNull: false,
  initAsync: false,
});
applyToDocument(i18n.language);
i18n.on('languageChanged', (lng) => {
  applyToDocument(lng);
  document.title = i18n.t('app.name');
});

type Strings = Record<string, unknown>;
type Loader = () => Promise<{ default: Strings }>;

// Strings of a lazily loaded part of the app (e.g. the people screens) live in its own files and
// chunks; the part registers them here and they are merged into the one translation namespace.
const parts = new Map<string, Partial<Record<Lang, Loader>>>();
const partsLoaded = new Set<string>();
const baseLoaded = new Set<string>(['en']);

async function loadParts(lang: string): Promise<boolean> {
  let added = false;
  for (const [name, loaders] of parts) {
    const loader = loaders[lang as Lang];
    if (!loader || partsLoaded.has(name + ':' + lang)) continue;
    const strings = await loader();
    i18n.addResourceBundle(lang, 'translation', strings.default, true, false);
    partsLoaded.add(name + ':' + lang);
    added = true;
  }
  return added;
}

// English strings come with the part's own chunk; other languages load when needed.
export async function addTranslations(name: string, en: Strings, others: Partial<Record<Exclude<Lang, 'en'>, Loader>>) {
  i18n.addResourceBundle('en', 'translation', en, true, false);
  partsLoaded.add(name + ':en');
  parts.set(name, others);
  if (i18n.language !== 'en' && (await loadParts(i18n.language))) await i18n.changeLanguage(i18n.language);
}

// Other languages are separate chunks, fetched the first time they are chosen.
export async function loadLanguage(lang: string) {
  let added = false;
  if (!baseLoaded.has(lang) && lang === 'ar') {
    const ar = await import('./ar.json');
    i18n.addResourceBundle('ar', 'translation', ar.default, true, false);
    baseLoaded.add(lang);
    added = true;
  }
  if (await loadParts(lang)) added = true;
  // Re-render with the bundle now present (the language itself may already be set).
  if (added && i18n.language === lang) await i18n.changeLanguage(lang);
}

export async function setLanguage(lang: Lang) {
  try {
    localStorage.setItem(STORE_KEY, lang);
  } catch {
    /* storage blocked: the choice lasts until reload */
  }
  try {
    await loadLanguage(lang);
  } catch {
    return; // offline: stay in the current language
  }
  await i18n.changeLanguage(lang);
}

export type TFunc = (key: string, options?: Record<string, unknown>) => string;

// Re-renders the component when the language changes.
export function useT(): { t: TFunc; lang: Lang } {
  const [, set] = useState(0);
  useEffect(() => {
    const l = () => set((n) => n + 1);
    i18n.on('languageChanged', l);
    return () => i18n.off('languageChanged', l);
  }, []);
  return { t: i18n.t.bind(i18n) as TFunc, lang: i18n.language as Lang };
}

// Marks a string as a translation key used elsewhere (tests/i18n.test.mjs checks every such key).
export const k = (key: string) => key;
