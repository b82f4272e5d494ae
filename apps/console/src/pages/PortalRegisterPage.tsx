import { Anchor, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, ensureOk, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useI18n, usePortalT } from '../i18n';
import { ME_KEY } from '../session';

/** An entrepreneur registers (name, email, password, NIB) and is logged in with the session cookie. */
export default function RegisterPage() {
  const { t } = useI18n();
  const tp = usePortalT();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [nib, setNib] = useState('');
  const register = useMutation({
    mutationFn: async () => {
      unwrap(await api.POST('/v1/auth/register', { body: { name, email, password, nib: nib.trim() || undefined } }));
      ensureOk(await api.POST('/v1/auth/session', { body: { email, password } }));
      return unwrap(await api.GET('/v1/me'));
    },
    onSuccess: async (me) => {
      qc.setQueryData(ME_KEY, me);
      await navigate('/portal', { replace: true });
    },
  });
  const err = register.error instanceof ApiError ? register.error : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    register.mutate();
  };
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={460} component="main">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Group justify="space-between">
              <Title order={1} size="h2">
                {tp('register.title')}
              </Title>
              <LanguageSwitch />
            </Group>
            <Text size="sm">{tp('register.intro')}</Text>
            {register.error !== null && !err?.problem?.errors?.length && <ErrorAlert error={register.error} />}
            <TextInput label={tp('register.name')} autoComplete="name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={err?.fieldError('name')} />
            <TextInput label={t('login.email')} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={err?.fieldError('email')} />
            <PasswordInput label={t('login.password')} autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={err?.fieldError('password')} />
            <TextInput label={tp('register.nib')} description={tp('register.nibHint')} inputMode="numeric" value={nib} onChange={(e) => setNib(e.currentTarget.value)} error={err?.fieldError('nib')} />
            <Button type="submit" loading={register.isPending}>
              {tp('register.submit')}
            </Button>
            <Anchor component={Link} to="/login" size="sm">
              {tp('register.haveAccount')}
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
