import { collectDefaultMetrics, Histogram, register } from 'prom-client';

let defaultsStarted = false;

/** Process metrics once per process (tests create several apps). */
export function startDefaultMetrics(): void {
  if (defaultsStarted) return;
  defaultsStarted = true;
  collectDefaultMetrics({ prefix: 'tenggat_' });
}

export const httpLatency = new Histogram({
  name: 'tenggat_http_request_duration_seconds',
  help: 'HTTP request latency',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
});

export { register as metricsRegistry };
