import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { definitionFaults } from './definition-validator';
import type { DefinitionResult, Fault, PermitTypeDefinition, ValidationContext } from './definition.types';
import { deepFreeze } from './deep-freeze';
import { formatPath, type PathFault, type PathSegment } from './fault-path';

/** Cap on alias expansion, so a hostile file cannot blow up memory ("billion laughs"). */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses a permit-type YAML file and validates it. YAML syntax errors become faults with
 * their line and column; validation faults carry the line of the offending value.
 */
export function parseDefinition(text: string, ctx: ValidationContext = {}): DefinitionResult {
  const parsed = parseYaml(text);
  if (!parsed.ok) return parsed;
  const faults = definitionFaults(parsed.data, ctx);
  if (faults.length > 0) {
    const located = faults.map((f) => locate(f, parsed.doc, parsed.lines));
    // in document order, like a compiler (Array.prototype.sort is stable)
    located.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
    return { ok: false, faults: located };
  }
  return { ok: true, definition: deepFreeze(parsed.data as PermitTypeDefinition) };
}

type YamlResult =
  | { readonly ok: true; readonly data: unknown; readonly doc: Document; readonly lines: LineCounter }
  | { readonly ok: false; readonly faults: readonly Fault[] };

/** YAML text to plain data, or syntax faults. Duplicate keys are an error. */
export function parseYaml(text: string): YamlResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      faults: doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return { path: `line ${line}, column ${col}`, message: firstLine(e.message), line, column: col };
      }),
    };
  }
  try {
    return { ok: true, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown, doc, lines };
  } catch (e: unknown) {
    // toJS throws on excessive aliases: a fault in the input, not a bug.
    return { ok: false, faults: [{ path: '(root)', message: firstLine(e instanceof Error ? e.message : String(e)) }] };
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** Attaches the line of the deepest existing node along the fault's path. */
function locate(f: PathFault, doc: Document, lines: LineCounter): Fault {
  const base: Fault = { path: formatPath(f.at), message: f.message };
  for (let depth = f.at.length; depth >= 0; depth--) {
    const prefix: PathSegment[] = f.at.slice(0, depth);
    const node = depth === 0 ? doc.contents : doc.getIn(prefix, true);
    if (isNode(node) && node.range) {
      const { line, col } = lines.linePos(node.range[0]);
      return { ...base, line, column: col };
    }
  }
  return base;
}
