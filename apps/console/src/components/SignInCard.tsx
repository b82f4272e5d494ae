import { Anchor, Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { Link } from 'react-router';
import { LanguageSwitch } from './LanguageSwitch';

/**
 * The card the signed-out screens share (log in, register): the title with the language switch,
 * an introduction, the form's fields, its submit button and a link to the other screen.
 */
export function SignInCard(props: {
  title: string;
  intro: string;
  width: number;
  onSubmit: () => void;
  submitLabel: string;
  pending: boolean;
  link: { to: string; label: string };
  children: ReactNode;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit();
  };
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={props.width} component="main">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Group justify="space-between">
              <Title order={1} size="h2">
                {props.title}
              </Title>
              <LanguageSwitch />
            </Group>
            <Text size="sm">{props.intro}</Text>
            {props.children}
            <Button type="submit" loading={props.pending}>
              {props.submitLabel}
            </Button>
            <Anchor component={Link} to={props.link.to} size="sm">
              {props.link.label}
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
