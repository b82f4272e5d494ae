import { ApiProperty } from '@nestjs/swagger';
import { COMPLAINT_CATEGORIES, ComplaintCategory } from './complaint.entity';
import { ZONES } from './dashboard.dto';

const MONTH = { pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2026-11' } as const;
const RATE = { type: Number, nullable: true, minimum: 0, maximum: 1 } as const;
const COUNT = { type: 'integer', minimum: 0 } as const;

export class DashboardPeriod {
  @ApiProperty({ type: 'integer', minimum: 1 }) months: number;
  @ApiProperty({ ...MONTH, description: 'First month (WIB)' }) from: string;
  @ApiProperty({ ...MONTH, description: 'Last month, the current one (WIB)' }) to: string;
}

export class DashboardFilters {
  @ApiProperty({ type: String, nullable: true }) agency: string | null;
  @ApiProperty({ type: String, nullable: true }) permitType: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ZONES }) zone: string | null;
}

/** The headline figures; each description says what it counts. */
export class DashboardFigures {
  @ApiProperty({ ...COUNT, description: 'Cases decided (approved or rejected) in the period' }) decided: number;
  @ApiProperty({ ...COUNT, description: 'Of those, decided with no breach of the statutory deadline' }) onTime: number;
  @ApiProperty({ ...RATE, description: 'onTime / decided, to 4 decimals (null with no decision)' }) onTimeRate: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Median working days of statutory clock used by decided cases (stopped time excluded)' })
  medianWorkingDays: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '90th percentile of the same' }) p90WorkingDays: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean calendar days a decided case stood stopped by deficiency notices (shown apart)' })
  avgStoppedCalendarDays: number | null;
  @ApiProperty({ ...COUNT, description: 'Cases whose statutory deadline was breached in the period' }) breaches: number;
  @ApiProperty({ ...COUNT, description: 'Cases escalated to supervisors in the period' }) escalations: number;
  @ApiProperty({ ...COUNT, description: 'Cases approved by law on breach (fiktif positif) in the period' }) deemedApprovals: number;
  @ApiProperty({ ...COUNT, description: 'Cases submitted in the period (the base of the two notice figures)' }) submitted: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Deficiency notices sent / cases submitted in the period' }) deficiencyNoticesPerCase: number | null;
  @ApiProperty({ ...RATE, description: "Share of cases submitted in the period whose notices reached their permit type's cap" }) shareAtNoticeCap: number | null;
  @ApiProperty({ ...COUNT, description: 'Cases submitted in the period whose notices reached the cap' }) casesAtNoticeCap: number;
  @ApiProperty({ ...COUNT, description: 'Open cases past their statutory deadline now' }) openOverdue: number;
  @ApiProperty({ minimum: 0, description: 'Delay compensation owed for cases decided in the period: per working day beyond the statutory time, capped, per the permit type policy' })
  compensationOwed: number;
  @ApiProperty({ example: 'IDR' }) compensationCurrency: string;
  @ApiProperty({ ...COUNT, description: 'Complaints filed in the period' }) complaints: number;
}

export class CategoryCount {
  @ApiProperty({ enum: COMPLAINT_CATEGORIES }) category: ComplaintCategory;
  @ApiProperty(COUNT) count: number;
}

export class MonthlyTrendRow {
  @ApiProperty({ ...MONTH, description: 'Month of decision (WIB)' }) month: string;
  @ApiProperty(COUNT) decided: number;
  @ApiProperty(COUNT) onTime: number;
  @ApiProperty(RATE) onTimeRate: number | null;
  @ApiProperty({ type: Number, nullable: true }) medianWorkingDays: number | null;
  @ApiProperty({ ...COUNT, description: 'Decided cases that had breached' }) breaches: number;
}

export class AgencyRankRow {
  @ApiProperty({ example: 'dpmptsp-kota-contoh' }) agency: string;
  @ApiProperty(COUNT) decided: number;
  @ApiProperty(RATE) onTimeRate: number | null;
  @ApiProperty({ type: Number, nullable: true }) medianWorkingDays: number | null;
  @ApiProperty({ ...COUNT, description: 'Breaches in the period' }) breaches: number;
  @ApiProperty({ ...COUNT, description: 'Open cases past their deadline now' }) openOverdue: number;
}

export class BreachAgeBucket {
  @ApiProperty({ enum: ['lt1', '1to5', '5to20', 'gt20'] }) bucket: 'lt1' | '1to5' | '5to20' | 'gt20';
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Whole working days overdue, at least' }) minWorkingDays: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'and fewer than (null: no upper bound)' }) maxWorkingDays: number | null;
  @ApiProperty(COUNT) cases: number;
}

export class DeemedAwaitingRow {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty() agency: string;
  @ApiProperty() permitType: string;
  @ApiProperty() permitNumber: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) statutoryDeadline: string | null;
}

export class DeemedAwaiting {
  @ApiProperty({ ...COUNT, description: 'Every deemed approval awaiting post-issuance supervision' }) total: number;
  @ApiProperty({ type: [DeemedAwaitingRow], description: 'The oldest 50' }) items: DeemedAwaitingRow[];
}

/** The ombudsman dashboard's first view: figures, charts and lists, for one period and filter. */
export class DashboardView {
  @ApiProperty({ type: DashboardPeriod }) period: DashboardPeriod;
  @ApiProperty({ type: DashboardFilters }) filters: DashboardFilters;
  @ApiProperty({ format: 'date-time', description: 'The instant the figures were computed at' }) asOf: string;
  @ApiProperty({ type: DashboardFigures }) figures: DashboardFigures;
  @ApiProperty({ type: [CategoryCount], description: "Complaints filed in the period by the Ombudsman's 10 maladministration categories (zeros included)" })
  complaintsByCategory: CategoryCount[];
  @ApiProperty({ type: [MonthlyTrendRow], description: 'Every month of the period, oldest first' }) monthlyTrend: MonthlyTrendRow[];
  @ApiProperty({ type: [AgencyRankRow], description: 'Worst on-time rate first' }) agencyRanking: AgencyRankRow[];
  @ApiProperty({ type: [BreachAgeBucket], description: 'Open overdue cases by working days overdue: < 1, 1-5, 5-20, > 20' }) breachAgeBuckets: BreachAgeBucket[];
  @ApiProperty({ type: DeemedAwaiting }) deemedAwaitingSupervision: DeemedAwaiting;
}
