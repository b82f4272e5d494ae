import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A document of a case (one upload for one requirement). */
export class DocumentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Requirement code' }) requirement: string;
  @ApiProperty() fileName: string;
  @ApiProperty() mediaType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ description: 'SHA-256 of the content, hex' }) sha256: string;
  @ApiProperty() uploadedAt: string;
}

export class ListedDocumentView extends DocumentView {
  @ApiProperty({ description: 'false once replaced by a newer upload' }) current: boolean;
}

export class ActionRefusalView {
  @ApiProperty({ enum: ['FORBIDDEN_ROLE', 'DEFICIENCY_CAP_REACHED', 'CLAIMED_BY_OTHER'] }) code: string;
  @ApiProperty() message: string;
}

/** An action of the case, with whether the caller may take it now and, if not, why. */
export class AvailableActionView {
  @ApiProperty() action: string;
  @ApiPropertyOptional() label?: string;
  @ApiProperty({ description: 'The state it leads to' }) to: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ type: [String], enum: ['comment', 'missingDocuments'], description: 'What the action needs in its body' }) requires: string[];
  @ApiProperty() allowed: boolean;
  @ApiPropertyOptional({ type: ActionRefusalView }) reason?: ActionRefusalView;
}

export class AvailableActionsView {
  @ApiProperty() state: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) assigneeId: string | null;
  @ApiProperty({ type: [AvailableActionView] }) actions: AvailableActionView[];
}

export class CaseFlagsView {
  @ApiProperty() warned: boolean;
  @ApiProperty() breached: boolean;
  @ApiProperty({ type: String, nullable: true }) breachedAt: string | null;
  @ApiProperty() escalated: boolean;
  @ApiProperty() postIssuanceSupervision: boolean;
}

export class CompensationView {
  @ApiProperty() owed: number;
  @ApiProperty({ example: 'IDR' }) currency: string;
  @ApiProperty() workingDaysLate: number;
}

export class PermitView {
  @ApiProperty() permitNumber: string;
  @ApiProperty() issuedAt: string;
  @ApiProperty({ type: String, nullable: true }) validUntil: string | null;
  @ApiProperty() deemedApproval: boolean;
}

/** The result of walking one case's audit hash chain. */
export class CaseAuditCheckView {
  @ApiProperty({ description: 'true when every event of the case links to the one before (hashes verify)' }) ok: boolean;
  @ApiProperty({ description: 'Events that verified' }) checked: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Stream sequence of the first broken link' }) brokenAtSeq: number | null;
}
