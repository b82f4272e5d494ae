import { Counter, Histogram } from 'prom-client';

export const slaWarnings = new Counter({ name: 'tenggat_sla_warnings_total', help: 'SLA warnings flagged', labelNames: ['agency', 'permit_type', 'clock'] });
export const slaBreaches = new Counter({ name: 'tenggat_sla_breaches_total', help: 'SLA breaches flagged', labelNames: ['agency', 'permit_type', 'clock'] });
export const reconcilerCatches = new Counter({
  name: 'tenggat_reconciler_catches_total',
  help: 'Flags the reconciler set itself (late) and timers it had to re-arm',
  labelNames: ['what'],
});
export const reconcilerSweeps = new Counter({
  name: 'tenggat_reconciler_sweeps_total',
  help: 'Reconciler sweeps this process ran, by trigger (scheduled: the fleet-wide schedule, one per interval across all workers)',
  labelNames: ['trigger'],
});
export const timerLag = new Histogram({
  name: 'tenggat_timer_lag_seconds',
  help: 'Delay between a clock instant and the moment it was flagged',
  labelNames: ['kind', 'source'],
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60, 300],
});
