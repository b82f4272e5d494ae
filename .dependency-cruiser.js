/**
 * The architecture, checked: run by `npm run depcheck` in CI.
 *  - the pure libraries (workflow, calendar) import nothing from Nest, TypeORM, BullMQ, Redis or other modules;
 *  - a module reaches another module only through its public surface (libs/<m>/src/index.ts);
 *  - libs never import apps; no cycles.
 */
const FRAMEWORK = '^node_modules/(@nestjs|typeorm|bullmq|ioredis|pg|@bull-board|nestjs-pino|express|class-validator|class-transformer)/';

module.exports = {
  forbidden: [
    {
      name: 'pure-libs-no-framework',
      comment: 'workflow, calendar and whatif are pure: no framework, no I/O libraries',
      severity: 'error',
      from: { path: '^libs/(workflow|calendar|canonical-json|whatif)/' },
      to: { path: FRAMEWORK },
    },
    {
      name: 'pure-libs-no-other-modules',
      severity: 'error',
      comment: 'pure libraries may use only other pure libraries (canonical-json)',
      from: { path: '^libs/(workflow|calendar|canonical-json)/' },
      to: { path: '^libs/', pathNot: ['^libs/$1/', '^libs/canonical-json/src/index\\.ts$'] },
    },
    {
      name: 'no-reaching-into-other-modules',
      comment: 'import another module through @tenggat/<module> (its src/index.ts), never its internals',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      // libs/sla/src/clock-math.ts is sla's pure surface (`@tenggat/sla/clock-math`): the pure what-if replay computes with it
      to: { path: '^libs/([^/]+)/src/.+', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$', '^libs/sla/src/clock-math\\.ts$'] },
    },
    {
      name: 'apps-use-public-surface',
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    { name: 'libs-not-apps', severity: 'error', from: { path: '^libs/' }, to: { path: '^apps/' } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'not-to-spec', severity: 'error', from: { pathNot: '\\.spec\\.ts$' }, to: { path: '\\.spec\\.ts$' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.spec\\.ts$|^dist/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
