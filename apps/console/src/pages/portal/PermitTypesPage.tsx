import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import { usePermitTypes } from '../../portal/queries';

/** The applicant's start: the permit types on offer, each with its statutory time and whether silence means approval. */
export default function PermitTypesPage() {
  const { t } = useI18n();
  const types = usePermitTypes();
  return (
    <Stack>
      <Title order={1}>{t('portal.types.title')}</Title>
      <Text>{t('portal.types.intro')}</Text>
      <Anchor component={Link} to="/portal/applications">
        {t('portal.nav.applications')}
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
              <Badge variant="light">{t('portal.types.days', { count: p.processingWorkingDays })}</Badge>
              {p.silenceMeansApproval && <Badge color="brand">{t('portal.types.silence')}</Badge>}
            </Group>
            <Button component={Link} to={`/portal/apply/${p.code}`} aria-label={t('portal.types.applyFor', { name: p.name })}>
              {t('portal.types.apply')}
            </Button>
          </Paper>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
