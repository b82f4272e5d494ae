import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Locale } from '../format';
import en from './en.json';
import id from './id.json';
import migrationsEn from './migrations.en.json';
import migrationsId from './migrations.id.json';
import oversightEn from './oversight.en.json';
import oversightId from './oversight.id.json';
import portalEn from './portal.en.json';
import portalId from './portal.id.json';
import publicEn from './public.en.json';
import publicId from './public.id.json';

export const LOCALES: readonly Locale[] = ['id', 'en'];
const KEY = 'tenggat.locale';

/** The language chosen before (only the choice is stored, nothing else), Bahasa Indonesia by default. */
function initial(): Locale {
  const saved = window.localStorage.getItem(KEY);
  return saved === 'en' ? 'en' : 'id';
}

void i18n.use(initReactI18next).init({
  // the ombudsman's, the applicant's, the public and the case-migration screens have namespaces of their own: smaller key unions for the typed t()
  resources: {
    id: { translation: id, oversight: oversightId, portal: portalId, public: publicId, migrations: migrationsId },
    en: { translation: en, oversight: oversightEn, portal: portalEn, public: publicEn, migrations: migrationsEn },
  },
  lng: initial(),
  fallbackLng: 'id',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export function setLocale(locale: Locale): void {
  window.localStorage.setItem(KEY, locale);
  document.documentElement.lang = locale;
  void i18n.changeLanguage(locale);
}

/** The translate function and the current locale. */
export function useI18n(): { t: ReturnType<typeof useTranslation>['t']; locale: Locale } {
  const { t, i18n: inst } = useTranslation();
  return { t, locale: inst.language === 'en' ? 'en' : 'id' };
}

/** The ombudsman's screens' messages (namespace `oversight`). */
export const useOversightT = (): ReturnType<typeof useTranslation<'oversight'>>['t'] => useTranslation('oversight').t;

/** The applicant portal's messages (namespace `portal`). */
export const usePortalT = (): ReturnType<typeof useTranslation<'portal'>>['t'] => useTranslation('portal').t;

/** The public pages' messages (namespace `public`). */
export const usePublicT = (): ReturnType<typeof useTranslation<'public'>>['t'] => useTranslation('public').t;

/**
 * The case-migration screens' messages (namespace `migrations`): `{{name}}` placeholders filled
 * from `values`. Its keys are not in the typed resources (one more namespace makes i18next's key
 * types too deep for tsc), so a spec checks that every key the screen uses exists in both languages.
 */
export function useMigrationsT(): (key: string, values?: Record<string, string | number | undefined>) => string {
  const { i18n: inst } = useTranslation(); // re-renders the screen when the language changes
  return (key, values = {}) => {
    const raw: unknown = inst.getResource(inst.language, 'migrations', key) ?? inst.getResource('id', 'migrations', key);
    if (typeof raw !== 'string') return values.defaultValue !== undefined ? String(values.defaultValue) : key;
    return raw.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
  };
}
