import { Badge, Button, Group, Pagination, Paper, PasswordInput, Select, Stack, Table, TagsInput, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { date } from '../format';
import { useI18n } from '../i18n';

const PAGE_SIZE = 20;
const ROLE_CHOICES = ['verifier', 'reviewer', 'approver', 'examiner', 'inspector', 'supervisor', 'ombudsman', 'admin'];

type User = NonNullable<ReturnType<typeof useUsers>['data']>['items'][number];

function useUsers(query: { page: number; pageSize: number; role?: string; active?: boolean }) {
  return useQuery({
    queryKey: ['admin-users', query],
    queryFn: async () => unwrap(await api.GET('/v1/admin/users', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** Create a staff, ombudsman or admin account; what was typed stays through errors. */
function CreateUser() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [agency, setAgency] = useState('');
  const create = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/admin/users', { body: { email, name, password, roles, agencyCode: agency.trim() || null } })),
    onSuccess: async () => {
      setEmail('');
      setName('');
      setPassword('');
      setRoles([]);
      setAgency('');
      await qc.invalidateQueries({ queryKey: ['admin-users'] });
    },
  });
  const err = create.error instanceof ApiError ? create.error : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-label={t('users.create')}>
      <Title order={2} size="h3" mb="sm">
        {t('users.create')}
      </Title>
      <Stack>
        {create.error && !err?.problem?.errors?.length && <ErrorAlert error={create.error} />}
        {create.isSuccess && (
          <Badge color="brand" variant="light" role="status">
            {t('users.created', { email: create.data.email })}
          </Badge>
        )}
        <Group grow align="start">
          <TextInput label={t('users.email')} withAsterisk type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={err?.fieldError('email')} />
          <TextInput label={t('users.name')} withAsterisk value={name} onChange={(e) => setName(e.currentTarget.value)} error={err?.fieldError('name')} />
          <PasswordInput label={t('users.password')} withAsterisk description={t('users.passwordHint')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={err?.fieldError('password')} />
        </Group>
        <Group grow align="start">
          <TagsInput label={t('users.roles')} withAsterisk data={ROLE_CHOICES} value={roles} onChange={setRoles} error={err?.fieldError('roles')} />
          <TextInput label={t('users.agency')} description={t('users.agencyHint')} value={agency} onChange={(e) => setAgency(e.currentTarget.value)} error={err?.fieldError('agencyCode')} />
        </Group>
        <Group>
          <Button type="submit" loading={create.isPending}>
            {t('users.createSubmit')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** One user's row: roles editable, active switch. */
function UserRow({ u }: { u: User }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const [roles, setRoles] = useState<string[]>(u.roles);
  const update = useMutation({
    mutationFn: async (body: { roles?: string[]; active?: boolean }) => unwrap(await api.PATCH('/v1/admin/users/{id}', { params: { path: { id: u.id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin-users'] }),
  });
  const err = update.error instanceof ApiError ? update.error : undefined;
  return (
    <Table.Tr data-user={u.email}>
      <Table.Td>{u.name}</Table.Td>
      <Table.Td>{u.email}</Table.Td>
      <Table.Td miw={260}>
        <Group gap="xs" wrap="nowrap" align="start">
          <TagsInput aria-label={t('users.rolesOf', { name: u.name })} data={ROLE_CHOICES} value={roles} onChange={setRoles} error={err?.fieldError('roles') ?? (err && !err.problem?.errors?.length ? err.message : undefined)} size="xs" />
          {roles.join() !== u.roles.join() && (
            <Button size="xs" onClick={() => update.mutate({ roles })}>
              {t('common.save')}
            </Button>
          )}
        </Group>
      </Table.Td>
      <Table.Td>{u.agencyCode ?? '–'}</Table.Td>
      <Table.Td>
        <Badge color={u.active ? 'brand' : 'dark'} variant="light">
          {u.active ? t('users.active') : t('users.inactive')}
        </Badge>
      </Table.Td>
      <Table.Td>{date(u.createdAt, locale)}</Table.Td>
      <Table.Td>
        <Button size="xs" variant="default" onClick={() => update.mutate({ active: !u.active })} aria-label={t(u.active ? 'users.deactivateUser' : 'users.activateUser', { name: u.name })}>
          {u.active ? t('users.deactivate') : t('users.activate')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

/** Administration of users: list by role and status, create, change roles, deactivate. */
export default function AdminUsersPage() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [role, setRole] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const users = useUsers({ page, pageSize: PAGE_SIZE, ...(role ? { role } : {}), ...(status ? { active: status === 'active' } : {}) });
  const pages = users.data ? Math.max(1, Math.ceil(users.data.total / PAGE_SIZE)) : 1;
  return (
    <Stack>
      <Title order={1}>{t('users.title')}</Title>
      <CreateUser />
      <Group align="end" role="search" aria-label={t('inbox.filters')}>
        <Select label={t('users.role')} placeholder={t('common.all')} clearable data={ROLE_CHOICES} value={role} onChange={(v) => (setRole(v), setPage(1))} />
        <Select
          label={t('users.status')}
          placeholder={t('common.all')}
          clearable
          data={[
            { value: 'active', label: t('users.active') },
            { value: 'inactive', label: t('users.inactive') },
          ]}
          value={status}
          onChange={(v) => (setStatus(v), setPage(1))}
        />
      </Group>
      <ErrorAlert error={users.error} />
      <Table.ScrollContainer minWidth={1000}>
        <Table className="data" striped aria-label={t('users.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('users.name')}</Table.Th>
              <Table.Th scope="col">{t('users.email')}</Table.Th>
              <Table.Th scope="col">{t('users.roles')}</Table.Th>
              <Table.Th scope="col">{t('users.agency')}</Table.Th>
              <Table.Th scope="col">{t('users.status')}</Table.Th>
              <Table.Th scope="col">{t('account.since')}</Table.Th>
              <Table.Th scope="col">{t('inbox.cols.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data?.items.map((u) => (
              <UserRow key={`${u.id}-${u.updatedAt}`} u={u} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Pagination total={pages} value={page} onChange={setPage} getControlProps={(c) => ({ 'aria-label': t(`pagination.${c}`) })} getItemProps={(p) => ({ 'aria-label': t('pagination.page', { page: p }) })} />
    </Stack>
  );
}
