import { runWhatIf, WhatIfReport } from '@tenggat/whatif';
import type { WhatIfHistoryReadModel } from './whatif-history.read-model';
import { planRun } from './whatif-planner';
import type { WhatIfRunRepository } from './whatif-run.repository';

/**
 * Works one run to its end: plans it (again: the input was checked when it was created), counts
 * its cases, replays them from the cursor, beats progress into the run row every 1000 cases,
 * stops when the row says cancelled, and stores the report. Used by the API's in-process runner
 * and by the command line.
 */
export class WhatIfExecutor {
  constructor(
    private readonly runs: WhatIfRunRepository,
    private readonly history: WhatIfHistoryReadModel,
    private readonly now: () => Date,
    private readonly defaultWarningShare: number,
  ) {}

  async execute(id: string, onProgress?: (done: number, total: number) => void): Promise<WhatIfReport | null> {
    try {
      const run = await this.runs.byId(id);
      if (!run || run.status !== 'queued') return null;
      const plan = planRun(run.input, await this.history.published(), run.asOf, this.defaultWarningShare);
      const total = await this.history.count(plan.filter);
      if (!(await this.runs.start(id, total, this.now()))) return null;
      onProgress?.(0, total);
      let running = true;
      const report = await runWhatIf(this.history.histories(plan.filter), plan.book, {
        progress: async (done) => {
          running = await this.runs.progress(id, done, this.now());
          onProgress?.(done, total);
        },
        cancelled: () => !running,
      });
      if (!report) return null;
      if (!(await this.runs.finish(id, report.totals.cases, report, this.now()))) return null;
      return report;
    } catch (e) {
      await this.runs.fail(id, e instanceof Error ? e.message : String(e), this.now()).catch(() => undefined);
      throw e;
    }
  }
}
