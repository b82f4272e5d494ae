import { ApiProperty } from '@nestjs/swagger';

export class NoticeCountView {
  @ApiProperty({ description: 'Deficiency notices sent so far' }) sent: number;
  @ApiProperty({ description: "The permit type's cap" }) max: number;
}

/** One row of an officer's queue. */
export class QueueItemView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty() permitType: string;
  @ApiProperty() state: string;
  @ApiProperty({ type: String, nullable: true }) stateLabel: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, nullable: true, description: 'The applicant (name)' }) applicantName: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) assigneeId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who holds the case (name)' }) assigneeName: string | null;
  @ApiProperty({ type: String, nullable: true }) assignedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Received (submitted) at' }) submittedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The nearest running deadline: the statutory one or the state SLA, whichever is sooner' })
  nextDeadline: string | null;
  @ApiProperty({ type: String, nullable: true }) statutoryDeadline: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Working days left until nextDeadline; negative when overdue, null when no clock runs' })
  remainingWorkingDays: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Working days left on the statutory clock (frozen while stopped)' })
  statutoryRemainingWorkingDays: number | null;
  @ApiProperty({ type: NoticeCountView }) deficiencyNotices: NoticeCountView;
  @ApiProperty() clockStopped: boolean;
  @ApiProperty() warned: boolean;
  @ApiProperty({ description: 'The statutory deadline has passed' }) breached: boolean;
  @ApiProperty({ description: "The current state's own SLA has passed" }) stateSlaBreached: boolean;
  @ApiProperty() escalated: boolean;
}

export class QueuePageView {
  @ApiProperty({ type: [QueueItemView] }) items: QueueItemView[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}

/** The result of a claim, release or assignment. */
export class AssignmentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() state: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) assigneeId: string | null;
  @ApiProperty({ type: String, nullable: true }) assignedAt: string | null;
  @ApiProperty() version: number;
}
