import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { DomainError, KeysetPageQuery, PageQuery } from '@tenggat/platform';

/** Versions are Postgres `int`s: anything larger is not a version of anything. */
export const MAX_VERSION = 2_147_483_647;

/**
 * Text Postgres can store: no NUL character and no half of a surrogate pair. JSON can carry
 * both; `text` and `jsonb` refuse them, which would otherwise surface as a 500.
 */
export function isStorableText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1); // NaN past the end
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

const STORABLE_MESSAGE = 'must not contain NUL characters or broken surrogate pairs';

/** Class-validator form of isStorableText. */
const IsStorableText = (): PropertyDecorator =>
  ValidateBy({
    name: 'isStorableText',
    validator: {
      validate: (v: unknown): boolean => typeof v !== 'string' || isStorableText(v),
      defaultMessage: (args): string => `${args?.property ?? 'value'} ${STORABLE_MESSAGE}`,
    },
  });

/** A code or state name as the catalogue writes them: kebab-case. */
const CODE = /^[a-z][a-z0-9-]{0,63}$/;

export class CreateApplicationDto {
  @ApiProperty({ example: 'pbg', description: 'Permit type code' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'permitType must be a permit type code such as "pbg"' })
  permitType: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Form data as the permit type declares it' })
  @IsOptional()
  @IsObject()
  form?: Record<string, unknown>;
}

export class UpdateApplicationDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Form fields to change (JSON merge patch): a value replaces the stored one, null removes it' })
  @IsObject()
  form: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'The version you read (or send If-Match)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  expectedVersion?: number;
}

export class ListApplicationsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'verification' })
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: 'state must be a state name such as "verification"' })
  state?: string;

  @ApiPropertyOptional({ example: 'pbg' })
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: 'permitType must be a permit type code such as "pbg"' })
  permitType?: string;
}

export class ActionDto {
  @ApiProperty({ example: 'request-documents' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'action must be an action name such as "approve"' })
  action: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  @IsStorableText()
  comment?: string;

  @ApiPropertyOptional({ type: [String], description: 'Requirement codes of the missing documents (deficiency notice)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  missingDocuments?: string[];

  @ApiPropertyOptional({ description: 'The case version you acted on (or send If-Match)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  expectedVersion?: number;
}

export class UploadDocumentDto {
  @ApiProperty({ example: 'site-plan' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'requirement must be a requirement code' })
  requirement: string;
}

export class AssignDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  assigneeId: string;
}

export class QueueQuery extends KeysetPageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(CODE, { message: 'permitType must be a permit type code such as "pbg"' }) permitType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(CODE, { message: 'state must be a state name such as "verification"' }) state?: string;
  @ApiPropertyOptional({ enum: ['me', 'unassigned', 'any'] }) @IsOptional() @IsIn(['me', 'unassigned', 'any']) assigned?: 'me' | 'unassigned' | 'any';
  @ApiPropertyOptional({ enum: ['breached', 'warned', 'escalated', 'any'] })
  @IsOptional()
  @IsIn(['breached', 'warned', 'escalated', 'any'])
  flagged?: 'breached' | 'warned' | 'escalated' | 'any';

  @ApiPropertyOptional({ enum: ['overdue', '2', '5'], description: 'Only cases whose next deadline has passed (overdue) or falls within 2 or 5 working days' })
  @IsOptional()
  @IsIn(['overdue', '2', '5'])
  dueWithin?: 'overdue' | '2' | '5';

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 60, description: 'Only cases with no action (no change at all) for this many working days: stuck cases' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60)
  idleWorkingDays?: number;
}

export class BulkAssignDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 100, description: 'The cases to reassign' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  ids: string[];

  @ApiProperty({ format: 'uuid', description: 'The staff member who takes them' })
  @IsUUID()
  assigneeId: string;

  @ApiProperty({ minLength: 1, maxLength: 1000, description: 'Why (on each case\'s audit record)' })
  @IsString()
  @Length(1, 1000)
  @IsStorableText()
  reason: string;
}

export class TrackQuery {
  @ApiProperty({ description: 'The access code printed on the receipt' })
  @IsString()
  @Length(4, 64)
  code: string;
}

export class IdParam {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class DocumentParams extends IdParam {
  @IsUUID('all', { message: 'documentId must be a UUID' })
  documentId: string;
}

/**
 * The version a write expects: `expectedVersion` in the body wins, else `If-Match` (`3`, `"3"`
 * or `W/"3"`; `*` means any). Anything else in If-Match is a 400, never a query with NaN.
 */
export const parseIfMatch = (header: string | undefined, body?: number): number | undefined => {
  if (body !== undefined) return body;
  if (header === undefined || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?([0-9]{1,10})"?\s*$/.exec(header);
  const n = m ? Number(m[1]) : NaN;
  if (n >= 1 && n <= MAX_VERSION) return n;
  throw new DomainError('invalid', 'bad-if-match', 'If-Match must be the case version you read, e.g. "3"', {
    errors: [{ field: 'If-Match', message: `must be a version number from 1 to ${MAX_VERSION}` }],
  });
};

export { Type };
