import { Title } from '@mantine/core';
import { useI18n } from '../i18n';

export default function BoardPage() {
  const { t } = useI18n();
  return <Title order={1}>{t('common.loading')}</Title>;
}
