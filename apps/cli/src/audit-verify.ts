import 'reflect-metadata';
import { AuditService } from '@tenggat/audit';
import { validateEnv } from '@tenggat/platform';
import { dataSourceOptions } from '@tenggat/schema';
import { DataSource } from 'typeorm';
import { parseArgs } from 'node:util';

/**
 * `npm run audit:verify [-- --stream <stream>]`: walks the audit log's hash chains.
 * Exit 0 with the number of events verified, or 1 naming the first broken link.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { stream: { type: 'string' } } });
  const env = validateEnv(process.env);
  const db = new DataSource(dataSourceOptions(env.DATABASE_URL));
  await db.initialize();
  try {
    const result = await new AuditService(db).verify(values.stream);
    const scope = values.stream ? `stream ${values.stream}` : 'all streams';
    if (result.ok) {
      console.log(`audit log intact (${scope}): ${result.checked} event(s) verified`);
      return 0;
    }
    const b = result.firstBroken!;
    console.error(
      `audit log BROKEN (${scope}) at seq ${b.seq} (stream ${b.stream}, stream_seq ${b.streamSeq}): ${b.reason}: ${b.detail}` +
        `\n${result.checked} event(s) verified before it`,
    );
    return 1;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
