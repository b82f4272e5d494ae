import 'reflect-metadata';
import { DeadlineRecompute, EnforcementService, ReconcilerService } from '@tenggat/enforcement';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { AppModule } from '../apps/api/src/app.module';

interface DynamicRef {
  module: Function;
  imports?: unknown[];
  providers?: unknown[];
  controllers?: unknown[];
}
type ModuleRef = Function | DynamicRef;

/** Every module the root imports (static and dynamic), with the controllers and providers they declare. */
async function graph(root: Function): Promise<{ controllers: Function[]; providers: unknown[] }> {
  const seen = new Set<unknown>();
  const controllers: Function[] = [];
  const providers: unknown[] = [];
  const visit = async (found: unknown): Promise<void> => {
    let m = found instanceof Promise ? await found : found; // async dynamic modules (ConfigModule.forRoot ...)
    if (m && typeof m === 'object' && 'forwardRef' in m) m = (m as { forwardRef: () => unknown }).forwardRef();
    if (!m || seen.has(m)) return;
    seen.add(m);
    const ref = m as ModuleRef;
    const cls = typeof ref === 'function' ? ref : ref.module;
    const dyn: Partial<DynamicRef> = typeof ref === 'function' ? {} : ref;
    controllers.push(...((Reflect.getMetadata('controllers', cls) as Function[] | undefined) ?? []), ...((dyn.controllers as Function[] | undefined) ?? []));
    providers.push(...((Reflect.getMetadata('providers', cls) as unknown[] | undefined) ?? []), ...(dyn.providers ?? []));
    for (const i of [...((Reflect.getMetadata('imports', cls) as unknown[] | undefined) ?? []), ...(dyn.imports ?? [])]) await visit(i);
  };
  await visit(root);
  return { controllers, providers };
}

const paths = (controllers: Function[]): string[] => controllers.map((c) => String(Reflect.getMetadata('path', c)));

/**
 * Issue 11: libs/enforcement holds the SLA policies; SLA administration over HTTP (calendar
 * publication, the demo clock, the supervision list) is libs/sla-admin, which the worker does not
 * import. The worker still recomputes open deadlines when a shipped calendar changes.
 */
describe('who composes what: the worker and SLA administration', () => {
  it('the worker runs the policies and the deadline recomputation, and imports no SLA administration endpoint', async () => {
    const worker = await graph(WorkerModule);
    expect(worker.providers).toEqual(expect.arrayContaining([EnforcementService, ReconcilerService, DeadlineRecompute]));
    expect(paths(worker.controllers).filter((p) => /^v1\/(admin\/calendars|demo|supervision)/.test(p))).toEqual([]);
  });

  it('the API serves SLA administration, and recomputes deadlines once', async () => {
    const api = await graph(AppModule);
    expect(paths(api.controllers)).toEqual(expect.arrayContaining(['v1/admin/calendars', 'v1/demo', 'v1/supervision']));
    expect(api.providers.filter((p) => p === DeadlineRecompute)).toHaveLength(1);
  });
});
