import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Clock, RequestContext } from '@tenggat/platform';
import { ClockDuePayload, DueInstantPayload, SLA_QUEUE, SlaJob } from '@tenggat/sla';
import { DelayedError, Job } from 'bullmq';
import { EnforcementService } from './enforcement.service';
import { HistoryPartitionsService } from './history-partitions.service';
import { ReconcilerService } from './reconciler.service';
import { reconcilerSweeps } from './sla-metrics';

/** How soon an alarm looks again for due clocks it could not take (rows held by another transaction). */
const LOOK_AGAIN_MS = 500;

/** One handler per job name (checked: the switch is exhaustive over SlaJob). */
@Processor(SLA_QUEUE, { concurrency: 16 })
export class SlaProcessor extends WorkerHost {
  private readonly logger = new Logger(SlaProcessor.name);

  constructor(
    private readonly enforcement: EnforcementService,
    private readonly reconciler: ReconcilerService,
    private readonly history: HistoryPartitionsService,
    private readonly clock: Clock,
  ) {
    super();
  }

  async process(job: Job, token?: string): Promise<unknown> {
    const name = job.name as SlaJob;
    return RequestContext.run({ requestId: `job:${job.id ?? job.name}` }, async () => {
      switch (name) {
        case SlaJob.ClockDue:
          return this.clockDue(job, token);
        case SlaJob.DueInstant:
          return this.dueInstant(job, token);
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
   * An instant has come: flags every clock of its kind due at or before now, as sets. An alarm
   * that fired early goes back to sleep until its instant. When due clocks were left (rows another
   * worker is flagging right now, or an officer's transaction holds), it looks again shortly, so
   * a worker that dies in the middle of a batch loses nothing: its rows are unlocked when its
   * connection goes, and whoever looks next flags them.
   */
  private async dueInstant(job: Job, token: string | undefined): Promise<number> {
    const alarm = job.data as DueInstantPayload;
    const early = alarm.at - this.clock.now().getTime();
    if (early > 0 && token !== undefined) {
      await job.moveToDelayed(Date.now() + early, token);
      throw new DelayedError();
    }
    const sweep = await this.enforcement.flagAllDue(alarm.kind, 'timer');
    if (sweep.remaining && token !== undefined) {
      await job.moveToDelayed(Date.now() + LOOK_AGAIN_MS, token);
      throw new DelayedError();
    }
    return sweep.flagged;
  }

  /**
   * A per-clock job (armed before alarms were coalesced): flags the clock if this epoch is still current and due. A job that fired early goes back
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
