import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { contentHash, parseDefinition, permitTypeSchema, toMermaid } from '@tenggat/workflow';

/**
 * `npm run workflow:check -- [files...]`: validates permit-type files against the definition
 * language (agency codes from config/agencies.yaml), prints every fault as
 * `<file>: <path>: <message>` and `ok <file> (<code>, hash <12 hex>)` for good ones, and
 * exits 1 on any fault. Without files it checks config/permit-types/*.yaml.
 *
 * Options:
 *   --agencies <file>  agencies list (default config/agencies.yaml; missing = agency not checked)
 *   --mermaid          also print each valid workflow as a Mermaid state diagram
 *   --print-schema     print the JSON Schema of a permit type and exit
 *                      (`... --print-schema > config/permit-types/permit-type.schema.json`)
 */

const DEFAULT_AGENCIES = 'config/agencies.yaml';
const DEFAULT_DIRECTORY = 'config/permit-types';

interface Options {
  readonly files: string[];
  readonly agenciesFile: string;
  readonly agenciesExplicit: boolean;
  readonly mermaid: boolean;
  readonly printSchema: boolean;
}

interface Output {
  out(line: string): void;
  err(line: string): void;
}

function parseArgs(argv: readonly string[]): Options | string {
  const files: string[] = [];
  let agenciesFile = DEFAULT_AGENCIES;
  let agenciesExplicit = false;
  let mermaid = false;
  let printSchema = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--agencies') {
      const value = argv[++i];
      if (value === undefined) return '--agencies needs a file';
      agenciesFile = value;
      agenciesExplicit = true;
    } else if (arg === '--mermaid') mermaid = true;
    else if (arg === '--print-schema') printSchema = true;
    else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else files.push(arg);
  }
  return { files, agenciesFile, agenciesExplicit, mermaid, printSchema };
}

/** Agency codes from the agencies file: a list of {code, ...} (or {agencies: [...]}). */
function loadAgencies(file: string, explicit: boolean, io: Output): readonly string[] | undefined | 'failed' {
  if (!existsSync(file)) {
    if (explicit) {
      io.out(`${file}: (file): not found`);
      return 'failed';
    }
    io.err(`warning: ${file} not found; agency codes are not checked`);
    return undefined;
  }
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (e: unknown) {
    io.out(`${file}: (yaml): ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return 'failed';
  }
  const list: unknown =
    typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>)['agencies'] : data;
  if (!Array.isArray(list)) {
    io.out(`${file}: (root): must be a list of agencies`);
    return 'failed';
  }
  const codes: string[] = [];
  let failed = false;
  list.forEach((entry: unknown, index) => {
    const code = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)['code'] : undefined;
    if (typeof code !== 'string' || code === '') {
      io.out(`${file}: [${index}].code: is required`);
      failed = true;
    } else if (codes.includes(code)) {
      io.out(`${file}: [${index}].code: duplicate agency code "${code}"`);
      failed = true;
    } else codes.push(code);
  });
  return failed ? 'failed' : codes;
}

function defaultFiles(): string[] {
  if (!existsSync(DEFAULT_DIRECTORY)) return [];
  return readdirSync(DEFAULT_DIRECTORY)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(DEFAULT_DIRECTORY, name));
}

/** Runs the check; returns the exit code. */
export function runWorkflowCheck(argv: readonly string[], io: Output): number {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    io.err(`workflow-check: ${options}`);
    io.err('usage: workflow-check [--agencies <file>] [--mermaid] [--print-schema] [files...]');
    return 2;
  }
  if (options.printSchema) {
    io.out(JSON.stringify(permitTypeSchema, null, 2));
    return 0;
  }
  const agencies = loadAgencies(options.agenciesFile, options.agenciesExplicit, io);
  let failed = agencies === 'failed';
  const ctx = agencies === 'failed' || agencies === undefined ? {} : { agencies };

  const files = options.files.length > 0 ? options.files : defaultFiles();
  if (files.length === 0) {
    io.err('workflow-check: no permit-type files given or found');
    return 2;
  }
  const codes = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e: unknown) {
      io.out(`${file}: (file): cannot read: ${e instanceof Error ? e.message : String(e)}`);
      failed = true;
      continue;
    }
    const result = parseDefinition(text, ctx);
    if (!result.ok) {
      for (const f of result.faults) io.out(`${file}: ${f.path}: ${f.message}`);
      failed = true;
      continue;
    }
    const { code } = result.definition;
    const other = codes.get(code);
    if (other !== undefined && resolve(other) !== resolve(file)) {
      io.out(`${file}: code: permit type code "${code}" is also used by ${other}`);
      failed = true;
      continue;
    }
    codes.set(code, file);
    io.out(`ok ${file} (${code}, hash ${contentHash(result.definition).slice(0, 12)})`);
    if (options.mermaid) io.out(toMermaid(result.definition));
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = runWorkflowCheck(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
}
