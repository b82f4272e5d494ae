/** Paths into a definition, as segments and as the dotted form faults show (`transitions[3].to`). */
export type PathSegment = string | number;

/** A fault before its path is rendered; the segments let the parser point at a YAML line. */
export interface PathFault {
  readonly at: readonly PathSegment[];
  readonly message: string;
}

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

export const ROOT_PATH = '(root)';

export function formatPath(at: readonly PathSegment[]): string {
  if (at.length === 0) return ROOT_PATH;
  let out = '';
  for (const segment of at) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function fault(at: readonly PathSegment[], message: string): PathFault {
  return { at, message };
}
