import type { PermitTypeDefinition, StateDefinition } from './definition.types';
import { expandTransitions, initialState } from './transition-expansion';

/** Mermaid id of a state: prefixed (so `end`, `state`... are safe) and without hyphens. */
export function mermaidId(state: string): string {
  return `s_${state.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/**
 * The workflow as a Mermaid `stateDiagram-v2`: every state declared with its name as label,
 * `[*]` into the initial state and out of each final state, one arrow per transition ("*"
 * expanded), the applicant-response timeouts, and notes for roles, SLAs and stopped clocks.
 */
export function toMermaid(def: PermitTypeDefinition): string {
  const lines: string[] = ['stateDiagram-v2'];
  const states = Object.entries(def.states);
  for (const [name] of states) lines.push(`  state "${escapeLabel(name)}" as ${mermaidId(name)}`);
  lines.push(`  [*] --> ${mermaidId(initialState(def))}`);
  for (const t of expandTransitions(def)) {
    lines.push(`  ${mermaidId(t.from)} --> ${mermaidId(t.to)} : ${escapeLabel(t.action)}`);
  }
  for (const [name, state] of states) {
    const r = state.applicantResponse;
    if (r && state.final === undefined) {
      lines.push(`  ${mermaidId(name)} --> ${mermaidId(r.onTimeout)} : no response in ${windowText(r)}`);
    }
  }
  for (const [name, state] of states) {
    if (state.final !== undefined) lines.push(`  ${mermaidId(name)} --> [*]`);
  }
  for (const [name, state] of states) {
    const note = noteText(state);
    if (note) lines.push(`  note right of ${mermaidId(name)} : ${escapeLabel(note)}`);
  }
  return `${lines.join('\n')}\n`;
}

function windowText(r: NonNullable<StateDefinition['applicantResponse']>): string {
  if (r.calendarDays !== undefined) return `${r.calendarDays} calendar days`;
  return `${r.workingDays ?? 0} working days`;
}

function noteText(state: StateDefinition): string | undefined {
  const parts: string[] = [];
  if (state.role !== undefined) parts.push(`role ${state.role}`);
  if (state.sla) parts.push(`SLA ${state.sla.workingDays} working days`);
  if (state.clock === 'stopped') {
    parts.push(
      state.applicantResponse ? `clock stopped, applicant has ${windowText(state.applicantResponse)}` : 'clock stopped',
    );
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** Mermaid labels: no quotes, semicolons, colons or line breaks. */
function escapeLabel(text: string): string {
  return text.replace(/["\n\r]/g, ' ').replace(/[;:]/g, ',');
}
