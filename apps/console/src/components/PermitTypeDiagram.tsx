import { Paper, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from './ErrorAlert';

/**
 * A permit type's workflow as a diagram: the API's Mermaid text rendered in the browser (mermaid
 * is loaded only when a diagram is shown), as an image with a label for screen readers.
 */
export function PermitTypeDiagram({ code, title, label, idPrefix }: { code: string; title: string; label: string; idPrefix: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const text = useQuery({
    queryKey: ['diagram', code],
    queryFn: async () => unwrap(await api.GET('/v1/permit-types/{code}/diagram', { params: { path: { code } }, parseAs: 'text' })),
  });
  const [failed, setFailed] = useState<unknown>(null);
  useEffect(() => {
    if (!text.data) return;
    let live = true;
    void import('mermaid')
      .then(async ({ default: mermaid }) => {
        mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral' });
        const { svg } = await mermaid.render(`${idPrefix}-${code}`, text.data);
        if (live && ref.current) ref.current.innerHTML = svg;
      })
      .catch((e: unknown) => setFailed(e));
    return () => {
      live = false;
    };
  }, [code, idPrefix, text.data]);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="sm">
        {title}
      </Title>
      <ErrorAlert error={text.error ?? failed} />
      <div ref={ref} role="img" aria-label={label} data-diagram={code} />
    </Paper>
  );
}
