import { Paper, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { usePublicT } from '../i18n';

/** The procedure as a diagram: the API's Mermaid text rendered in the browser (mermaid is loaded only when shown). */
export function ProcedureDiagram({ code }: { code: string }) {
  const p = usePublicT();
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
        const { svg } = await mermaid.render(`public-diagram-${code}`, text.data);
        if (live && ref.current) ref.current.innerHTML = svg;
      })
      .catch((e: unknown) => setFailed(e));
    return () => {
      live = false;
    };
  }, [code, text.data]);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="sm">
        {p('standards.diagram')}
      </Title>
      <ErrorAlert error={text.error ?? failed} />
      <div ref={ref} role="img" aria-label={p('standards.diagramLabel', { code })} data-diagram={code} />
    </Paper>
  );
}
