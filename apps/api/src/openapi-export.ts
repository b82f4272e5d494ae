import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppModule } from './app.module';
import { buildOpenApi } from './openapi';

/**
 * `npm run openapi:export [file]`: writes the OpenAPI document exactly as /docs/openapi.json
 * serves it, without connecting to anything (Nest's preview mode builds no providers).
 */
async function main(): Promise<void> {
  const out = process.argv[2] ?? 'openapi/openapi.json';
  const app = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
  const doc = buildOpenApi(app);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  await app.close();
  // eslint-disable-next-line no-console -- a CLI reports on stdout
  console.log(`wrote ${out}: ${Object.keys(doc.paths).length} paths`);
}

main().catch((e: unknown) => {
  // eslint-disable-next-line no-console -- a CLI reports on stderr
  console.error(e);
  process.exit(1);
});
