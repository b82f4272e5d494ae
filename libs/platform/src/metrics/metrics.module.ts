import { Module, OnModuleInit } from '@nestjs/common';
import { startDefaultMetrics } from './metrics';
import { MetricsController } from './metrics.controller';

/** /metrics; the request counter is httpMetricsMiddleware, mounted by the entry point. */
@Module({
  controllers: [MetricsController],
})
export class MetricsModule implements OnModuleInit {
  onModuleInit(): void {
    startDefaultMetrics();
  }
}
