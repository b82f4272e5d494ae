/**
 * Prints the query plans a bench run captured, as Markdown:
 *
 *   npx ts-node --transpile-only bench/plans.ts bench/results/<run>.json
 */
import { readFileSync } from 'node:fs';

interface Report {
  plans: { label: string; sql: string; ms: number; plan: string }[];
  statements?: { label: string; statements: number; byKind: Record<string, number> }[];
}

const file = process.argv[2];
if (!file) {
  console.error('usage: bench/plans.ts bench/results/<run>.json');
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
for (const s of report.statements ?? []) console.log(`- ${s.label}: ${s.statements} statements ${JSON.stringify(s.byKind)}`);
for (const p of report.plans) console.log(`\n#### ${p.label}\n\n\`\`\`sql\n${p.sql}\n\`\`\`\n\n\`\`\`\n${p.plan}\n\`\`\``);
