import 'reflect-metadata';
import { AuditService } from '@tenggat/audit';
import { validateEnv } from '@tenggat/platform';
import { dataSourceOptions } from '@tenggat/schema';
import { DataSource } from 'typeorm';
import { parseArgs } from 'node:util';
import { runCli } from './run-cli';

/**
 * `npm run audit:verify [-- --stream <stream>]`: walks every hash chain of the audit log.
 * Exit 0 with the number of streams and events verified, or 1 naming the first broken link of
 * every broken stream (a break in one stream never hides a break in another).
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { stream: { type: 'string' } } });
  const env = validateEnv(process.env);
  const db = new DataSource(dataSourceOptions(env.DATABASE_URL));
  await db.initialize();
  try {
    const result = await new AuditService(db).verify(values.stream);
    const scope = values.stream !== undefined ? `stream ${values.stream}` : 'all streams';
    const summary = `${result.streams} stream(s), ${result.checked} event(s) verified`;
    if (result.ok) {
      console.log(`audit log intact (${scope}): ${summary}`);
      return 0;
    }
    const lines = result.broken.map(
      (b) => `  seq ${b.seq} (stream ${b.stream}, stream_seq ${b.streamSeq}): ${b.reason}: ${b.detail}`,
    );
    const unlisted = result.brokenStreams - result.broken.length;
    if (unlisted > 0) lines.push(`  ... and ${unlisted} more broken stream(s)`);
    console.error(`audit log BROKEN (${scope}): ${result.brokenStreams} broken stream(s), first broken link of each:\n${lines.join('\n')}\n${summary}`);
    return 1;
  } finally {
    await db.destroy();
  }
}

runCli(main);
