import { Alert } from '@mantine/core';
import { ApiError, isNetworkError } from '../api/client';
import { useI18n } from '../i18n';

/** A failed request, said plainly: the API's problem detail, a lost network, or a 403 with the role needed. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useI18n();
  if (!error) return null;
  let text: string;
  if (isNetworkError(error)) text = t('network.failed');
  else if (error instanceof ApiError && error.status === 403) text = `${t('errors.forbidden')} ${error.problem?.detail ?? ''}`;
  else if (error instanceof ApiError) text = error.problem?.detail ?? t('errors.status', { status: error.status });
  else text = t('errors.unexpected');
  return (
    <Alert color="danger" role="alert" title={title ?? t('errors.title')} mb="sm">
      {text}
    </Alert>
  );
}
