import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { RequestContext } from '@tenggat/platform';
import { ClockDuePayload, SLA_QUEUE, SlaJob } from '@tenggat/sla';
import { DelayedError, Job } from 'bullmq';
import { EnforcementService } from './enforcement.service';
import { HistoryPartitionsService } from './history-partitions.service';
import { ReconcilerService } from './reconciler.service';
import { reconcilerSweeps } from './sla-metrics';

/** One handler per job name (checked: the switch is exhaustive over SlaJob). */
@Processor(SLA_QUEUE, { concurrency: 16 })
export class SlaProcessor extends WorkerHost {
  private readonly logger = new Logger(SlaProcessor.name);

  constructor(
    private readonly enforcement: EnforcementService,
    private readonly reconciler: ReconcilerService,
    private readonly history: HistoryPartitionsService,
  ) {
    super();
  }

  async process(job: Job, token?: string): Promise<unknown> {
    const name = job.name as SlaJob;
    return RequestContext.run({ requestId: `job:${job.id ?? job.name}` }, async () => {
      switch (name) {
        case SlaJob.ClockDue:
          return this.clockDue(job, token);
        case SlaJob.Reconcile:
          reconcilerSweeps.inc({ trigger: 'scheduled' });
          return this.reconciler.sweep();
        case SlaJob.HistoryPartitions:
          return this.history.ensureAhead();
        default: {
          const unknown: never = name;
          throw new Error(`no handler for job ${String(unknown)}`);
        }
      }
    });
  }

  /**
   * Flags the clock if this epoch is still current and due. A job that fired early goes back
   * to sleep until its instant instead of completing (which would leave it to the reconciler).
   */
  private async clockDue(job: Job, token: string | undefined): Promise<boolean> {
    const payload = job.data as ClockDuePayload;
    if (await this.enforcement.onDue(payload, 'timer')) return true;
    const wait = await this.enforcement.pendingMs(payload);
    if (wait === null || token === undefined) return false;
    await job.moveToDelayed(Date.now() + wait, token);
    throw new DelayedError();
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error): void {
    this.logger.warn(`job ${job?.id ?? '?'} (${job?.name ?? '?'}) failed: ${err.message}`);
  }

  /** Connection trouble (Redis restarting): logged, never thrown; BullMQ reconnects by itself. */
  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.warn(`SLA worker: ${err.message}`);
  }
}
