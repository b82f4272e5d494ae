import { LoggerService } from '@nestjs/common';
import pino, { Logger as Pino } from 'pino';
import { EnvValidationError } from '../config/env.schema';
import { StartupError } from './preflight';

export interface Running {
  close(): Promise<void>;
}

/** How long a shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/** The JSON logger used before Nest's own is up, and for the process's own lines. */
export function processLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Pino {
  return pino({ level, base: { service: 'tenggat', process: name, pid: process.pid } });
}

/**
 * Runs an entry point so that it is stoppable in every state: SIGTERM/SIGINT during start-up
 * exits at once; once running, the app closes gracefully within SHUTDOWN_GRACE_MS or the
 * process exits anyway. Start-up faults are one JSON line naming what to fix, then exit 1.
 */
export function runProcess(name: string, start: (log: Pino) => Promise<Running>): void {
  const log = processLogger(name);
  let running: Running | undefined;
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    if (!running) {
      log.info({ signal }, `${signal} during start-up: exiting`);
      process.exit(0);
    }
    log.info({ signal }, `${signal}: shutting down`);
    setTimeout(() => {
      log.error(`shutdown took longer than ${SHUTDOWN_GRACE_MS} ms: exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    running.close().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (e: unknown) => {
        log.error({ err: e }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  start(log).then(
    (r) => {
      running = r;
      if (stopping) void r.close().finally(() => process.exit(0));
    },
    (e: unknown) => {
      if (e instanceof EnvValidationError || e instanceof StartupError) log.fatal(e.message);
      else log.fatal({ err: e }, `start-up failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}

/** Nest's start-up chatter (one line per module and route) goes to debug; everything else passes. */
const CHATTY = new Set(['RoutesResolver', 'RouterExplorer', 'InstanceLoader', 'NestFactory', 'NestApplication']);

export class QuietStartupLogger implements LoggerService {
  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && CHATTY.has(context)) this.inner.debug?.(message, ...rest);
    else this.inner.log(message, ...rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.inner.error(message, ...rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.inner.warn(message, ...rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.inner.debug?.(message, ...rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.inner.verbose?.(message, ...rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    (this.inner.fatal ?? this.inner.error).call(this.inner, message, ...rest);
  }
}
