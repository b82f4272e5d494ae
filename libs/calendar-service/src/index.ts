import { CalendarRecordEntity } from './calendar-record.entity';

export { CalendarServiceModule } from './calendar-service.module';
export { CalendarRegistry, CalendarChange, PreparedCalendar } from './calendar-registry';
export { CalendarRecordRepository } from './calendar-record.repository';
export { CalendarRecordEntity };

export const CALENDAR_ENTITIES: Function[] = [CalendarRecordEntity];
