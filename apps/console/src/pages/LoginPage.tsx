import { Anchor, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { api, ApiError, ensureOk, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { LanguageSwitch } from '../components/LanguageSwitch';
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
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={420} component="main">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Group justify="space-between">
              <Title order={1} size="h2">
                {t('app.name')}
              </Title>
              <LanguageSwitch />
            </Group>
            <Text size="sm">{t('login.intro')}</Text>
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
            <Button type="submit" loading={login.isPending}>
              {t('login.submit')}
            </Button>
            <Anchor component={Link} to="/register" size="sm">
              {tp('register.link')}
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
