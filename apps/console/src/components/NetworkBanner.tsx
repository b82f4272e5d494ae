import { Alert } from '@mantine/core';
import { onlineManager, useIsFetching } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';

/** Says so when the network is lost; queries retry on their own and resume when it is back. */
export function NetworkBanner() {
  const { t } = useI18n();
  const [online, setOnline] = useState(onlineManager.isOnline());
  const fetching = useIsFetching();
  useEffect(() => onlineManager.subscribe(setOnline), []);
  if (online) return null;
  return (
    <Alert color="amber" role="status" mb="md" title={t('network.offlineTitle')}>
      {t('network.offline')} {fetching > 0 ? t('network.retrying') : ''}
    </Alert>
  );
}
