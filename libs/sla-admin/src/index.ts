export { SlaAdminModule } from './sla-admin.module';
