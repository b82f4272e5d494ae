import { PasswordInput, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError, ensureOk, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { SignInCard } from '../components/SignInCard';
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
  return (
    <SignInCard
      title={tp('register.title')}
      intro={tp('register.intro')}
      width={460}
      onSubmit={() => register.mutate()}
      submitLabel={tp('register.submit')}
      pending={register.isPending}
      link={{ to: '/login', label: tp('register.haveAccount') }}
    >
      {register.error !== null && !err?.problem?.errors?.length && <ErrorAlert error={register.error} />}
      <TextInput label={tp('register.name')} autoComplete="name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={err?.fieldError('name')} />
      <TextInput label={t('login.email')} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={err?.fieldError('email')} />
      <PasswordInput label={t('login.password')} autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={err?.fieldError('password')} />
      <TextInput label={tp('register.nib')} description={tp('register.nibHint')} inputMode="numeric" value={nib} onChange={(e) => setNib(e.currentTarget.value)} error={err?.fieldError('nib')} />
    </SignInCard>
  );
}
