import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Locale } from '../format';
import en from './en.json';
import id from './id.json';
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
  // the public pages have a namespace of their own: smaller key unions for the typed t()
  resources: { id: { translation: id, public: publicId }, en: { translation: en, public: publicEn } },
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


/** The public pages' messages (namespace `public`). */
export const usePublicT = (): ReturnType<typeof useTranslation<'public'>>['t'] => useTranslation('public').t;
