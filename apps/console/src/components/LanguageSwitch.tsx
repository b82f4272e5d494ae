import { SegmentedControl } from '@mantine/core';
import { LOCALES, setLocale, useI18n } from '../i18n';
import type { Locale } from '../format';

export function LanguageSwitch() {
  const { t, locale } = useI18n();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('common.language')}
      value={locale}
      onChange={(v) => setLocale(v === 'en' ? 'en' : 'id')}
      data={LOCALES.map((l: Locale) => ({ value: l, label: l === 'en' ? t('common.languages.en') : t('common.languages.id') }))}
    />
  );
}
