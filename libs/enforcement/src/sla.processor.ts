import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { RequestContext } from '@tenggat/platform';
import { ClockDuePayload, SLA_QUEUE, SlaJob } from '@tenggat/sla';
import { Job } from 'bullmq';
import { EnforcementService } from './enforcement.service';
import { ReconcilerService } from './reconciler.service';

/** One handler per job name (checked: the switch is exhaustive over SlaJob). */
@Processor(SLA_QUEUE, { concurrency: 16 })
export class SlaProcessor extends WorkerHost {
  private readonly logger = new Logger(SlaProcessor.name);

  constructor(
    private readonly enforcement: EnforcementService,
    private readonly reconciler: ReconcilerService,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const name = job.name as SlaJob;
    return RequestContext.run({ requestId: `job:${job.id ?? job.name}` }, async () => {
      switch (name) {
        case SlaJob.ClockDue:
          return this.enforcement.onDue(job.data as ClockDuePayload, 'timer');
        case SlaJob.Reconcile:
          return this.reconciler.sweep();
        default: {
          const unknown: never = name;
          throw new Error(`no handler for job ${String(unknown)}`);
        }
      }
    });
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error): void {
    this.logger.warn(`job ${job?.id ?? '?'} (${job?.name ?? '?'}) failed: ${err.message}`);
  }
}
