import { parseArgs } from 'node:util';
import { runCli } from './run-cli';

const USAGE = `usage: npm run permit-type:migrate -- <command> --code <permit-type> [options]
  plan     --from <v> --to <v> [--map old=new ...] [--state <s> ...] [--case <uuid> ...] [--reason <text>]
  list
  dry-run  --plan <id>
  apply    --plan <id> [--batch-size <n>]
  results  --plan <id>
Talks to a running API: TENGGAT_API (default http://localhost:3000) and TENGGAT_TOKEN (an admin's
bearer token, from POST /v1/auth/login; a supervisor may list, dry-run and read results).`;

/**
 * The command line of definition migration: a thin client of /v1/admin/permit-types/{code}/migrations,
 * so the CLI and the console go through the same checks, audit and guarded writes as any API client.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      code: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      map: { type: 'string', multiple: true },
      state: { type: 'string', multiple: true },
      case: { type: 'string', multiple: true },
      reason: { type: 'string' },
      plan: { type: 'string' },
      'batch-size': { type: 'string' },
    },
  });
  const [command] = positionals;
  const token = process.env.TENGGAT_TOKEN;
  if (!command || !values.code || !token) {
    console.error(USAGE);
    return 2;
  }
  const api = (process.env.TENGGAT_API ?? 'http://localhost:3000').replace(/\/$/, '');
  const base = `${api}/v1/admin/permit-types/${encodeURIComponent(values.code)}/migrations`;
  const plan = values.plan ? `${base}/${encodeURIComponent(values.plan)}` : null;
  const call = async (method: string, url: string, body?: unknown): Promise<number> => {
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    console.log(JSON.stringify((await res.json()), null, 2));
    return res.ok ? 0 : 1;
  };
  switch (command) {
    case 'plan': {
      const stateMap: Record<string, string> = Object.fromEntries((values.map ?? []).map((m): [string, string] => [m.split('=')[0], m.split('=')[1] ?? '']));
      return call('POST', base, {
        fromVersion: Number(values.from),
        toVersion: Number(values.to),
        stateMap,
        filter: { ...(values.state ? { states: values.state } : {}), ...(values.case ? { caseIds: values.case } : {}) },
        ...(values.reason ? { reason: values.reason } : {}),
      });
    }
    case 'list':
      return call('GET', base);
    case 'dry-run':
    case 'apply':
    case 'results':
      if (!plan) break;
      if (command === 'dry-run') return call('GET', `${plan}/dry-run`);
      if (command === 'results') return call('GET', `${plan}/results`);
      return call('POST', `${plan}/apply`, values['batch-size'] ? { batchSize: Number(values['batch-size']) } : {});
  }
  console.error(USAGE);
  return 2;
}

runCli(main);
