import { Badge, Group, Paper, Stack, Table, Title } from '@mantine/core';
import { useI18n } from '../i18n';
import { dateTime } from '../format';
import { useMe } from '../session';

/** Who am I: name, email, roles, agency. */
export default function AccountPage() {
  const { t, locale } = useI18n();
  const { data: me } = useMe();
  if (!me) return null;
  return (
    <Stack>
      <Title order={1}>{t('account.title')}</Title>
      <Paper withBorder p="md">
        <Table>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th scope="row">{t('account.name')}</Table.Th>
              <Table.Td>{me.name}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('account.email')}</Table.Th>
              <Table.Td>{me.email}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('account.roles')}</Table.Th>
              <Table.Td>
                <Group gap="xs">
                  {me.roles.map((r) => (
                    <Badge key={r} variant="light">
                      {r}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('account.agency')}</Table.Th>
              <Table.Td>{me.agencyCode ?? t('account.noAgency')}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('account.since')}</Table.Th>
              <Table.Td>{dateTime(me.createdAt, locale)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}
