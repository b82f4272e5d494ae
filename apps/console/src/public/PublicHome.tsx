import { Anchor, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { usePublicT } from '../i18n';
import { PUBLIC_LINKS } from './links';

export default function PublicHome() {
  const p = usePublicT();
  return (
    <Stack>
      <Title order={1}>{p('home.title')}</Title>
      <Text>{p('home.intro')}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {PUBLIC_LINKS.map((l) => (
          <Paper key={l.to} withBorder p="md">
            <Title order={2} size="h4">
              <Anchor component={Link} to={l.to}>
                {p(`links.${l.key}`)}
              </Anchor>
            </Title>
            <Text size="sm" mt="xs">
              {p(`home.about.${l.key}`)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
