import { Anchor, Badge, Button, Group, Pagination, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime, duration } from '../format';
import { useI18n, usePortalT } from '../i18n';
import { useMyApplications } from '../portal/queries';

/** Re-renders every 30 s, so the time left to each deadline stays live. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(h);
  }, [everyMs]);
  return now;
}

/** The applicant's own applications with their live legal deadlines. */
export default function MyApplicationsPage() {
  const { t, locale } = useI18n();
  const tp = usePortalT();
  const [page, setPage] = useState(1);
  const list = useMyApplications(page);
  const now = useNow();
  const units = { d: t('units.d'), h: t('units.h'), m: t('units.m') };
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{tp('mine.title')}</Title>
        <Button component={Link} to="/portal">
          {tp('mine.new')}
        </Button>
      </Group>
      <ErrorAlert error={list.error} />
      <Table.ScrollContainer minWidth={800}>
        <Table className="data" aria-label={tp('mine.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{tp('receipt.reference')}</Table.Th>
              <Table.Th scope="col">{tp('receipt.permitType')}</Table.Th>
              <Table.Th scope="col">{tp('mine.state')}</Table.Th>
              <Table.Th scope="col">{tp('receipt.legalDeadline')}</Table.Th>
              <Table.Th scope="col">{tp('mine.left')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.items.map((a) => {
              const left = a.deadline && a.status === 'open' ? new Date(a.deadline).getTime() - now : null;
              return (
                <Table.Tr key={a.id} data-application={a.reference ?? a.id}>
                  <Table.Td>
                    <Anchor component={Link} to={a.status === 'draft' ? `/portal/apply/${a.permitType}?draft=${a.id}` : `/portal/applications/${a.id}`}>
                      {a.reference ?? tp('mine.draft')}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{a.permitType}</Table.Td>
                  <Table.Td>
                    {a.state} {a.breached && <Badge color="danger">{t('flags.breached')}</Badge>}
                  </Table.Td>
                  <Table.Td>{dateTime(a.deadline, locale)}</Table.Td>
                  <Table.Td>
                    {left === null ? '–' : left > 0 ? tp('mine.timeLeft', { left: duration(left, units) }) : tp('mine.passed', { ago: duration(-left, units) })}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.data && list.data.total === 0 && <Text>{tp('mine.none')}</Text>}
      {pages > 1 && (
        <Pagination total={pages} value={page} onChange={setPage} getControlProps={(c) => ({ 'aria-label': t(`pagination.${c}`) })} getItemProps={(p) => ({ 'aria-label': t('pagination.page', { page: p }) })} />
      )}
    </Stack>
  );
}
