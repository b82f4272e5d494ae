export { EnforcementModule } from './enforcement.module';
export { EnforcementService } from './enforcement.service';
export { ReconcilerService, SweepReport } from './reconciler.service';
