import { PasswordInput, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api, ApiError, ensureOk, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { SignInCard } from '../components/SignInCard';
import { useI18n, usePortalT } from '../i18n';
import { homeOf, ME_KEY, useMe } from '../session';

function fromOf(state: unknown): { from?: string; expired?: boolean } {
  if (typeof state !== 'object' || state === null) return {};
  const from = 'from' in state && typeof state.from === 'string' ? state.from : undefined;
  const expired = 'expired' in state && state.expired === true;
  return { from, expired };
}

export function LoginPage() {
  const { t } = useI18n();
  const tp = usePortalT();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const { from, expired } = fromOf(location.state);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: async () => {
      ensureOk(await api.POST('/v1/auth/session', { body: { email, password } }));
      return unwrap(await api.GET('/v1/me'));
    },
    onSuccess: async (user) => {
      qc.setQueryData(ME_KEY, user);
      await navigate(from && from !== '/login' ? from : homeOf(user), { replace: true });
    },
  });
  if (me.data && !login.isPending && !login.isSuccess) return <Navigate to={homeOf(me.data)} replace />;

  const err = login.error instanceof ApiError ? login.error : undefined;
  return (
    <SignInCard
      title={t('app.name')}
      intro={t('login.intro')}
      width={420}
      onSubmit={() => login.mutate()}
      submitLabel={t('login.submit')}
      pending={login.isPending}
      link={{ to: '/register', label: tp('register.link') }}
    >
      {expired && (
        <Text role="status" c="amber.7" size="sm">
          {t('login.expired')}
        </Text>
      )}
      {login.error && !(err?.status === 400) && (
        <ErrorAlert error={login.error} title={err?.status === 401 ? t('login.failed') : undefined} />
      )}
      <TextInput
        label={t('login.email')}
        type="email"
        autoComplete="username"
        required
        value={email}
        onChange={(e) => setEmail(e.currentTarget.value)}
        error={err?.fieldError('email')}
      />
      <PasswordInput
        label={t('login.password')}
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        error={err?.fieldError('password')}
      />
    </SignInCard>
  );
}
