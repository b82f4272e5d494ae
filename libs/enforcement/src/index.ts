export { EnforcementModule } from './enforcement.module';
export { EnforcementService } from './enforcement.service';
export { ReconcilerService, SweepReport } from './reconciler.service';
export { SlaWorkers } from './sla-workers';
export { SlaHttpModule } from './sla-http.module';
export { CalendarPublisher } from './calendar-publisher.service';
