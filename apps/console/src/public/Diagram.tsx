import { PermitTypeDiagram } from '../components/PermitTypeDiagram';
import { usePublicT } from '../i18n';

/** The procedure as a diagram, on the public service standard. */
export function ProcedureDiagram({ code }: { code: string }) {
  const p = usePublicT();
  return <PermitTypeDiagram code={code} title={p('standards.diagram')} label={p('standards.diagramLabel', { code })} idPrefix="public-diagram" />;
}
