import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { usePortalT } from '../i18n';
import { usePermitTypes } from '../portal/queries';

/** The applicant's start: the permit types on offer, each with its statutory time and whether silence means approval. */
export default function PermitTypesPage() {
  const tp = usePortalT();
  const types = usePermitTypes();
  return (
    <Stack>
      <Title order={1}>{tp('types.title')}</Title>
      <Text>{tp('types.intro')}</Text>
      <Anchor component={Link} to="/portal/applications">
        {tp('nav.applications')}
      </Anchor>
      <ErrorAlert error={types.error} />
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
        {types.data?.items.map((p) => (
          <Paper withBorder p="md" key={p.code} component="article" aria-labelledby={`pt-${p.code}`} data-permit-type={p.code}>
            <Title order={2} size="h4" id={`pt-${p.code}`}>
              {p.name}
            </Title>
            <Text size="sm" c="gray.7">
              {p.agency}
            </Text>
            <Group gap="xs" my="xs">
              <Badge variant="light">{tp('types.days', { count: p.processingWorkingDays })}</Badge>
              {p.silenceMeansApproval && <Badge color="brand">{tp('types.silence')}</Badge>}
            </Group>
            <Button component={Link} to={`/portal/apply/${p.code}`} aria-label={tp('types.applyFor', { name: p.name })}>
              {tp('types.apply')}
            </Button>
          </Paper>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
