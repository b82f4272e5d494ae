import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, Min } from 'class-validator';
import { PageQuery } from '@tenggat/platform';

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
  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject()
  form: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'The version you read (or send If-Match)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class ListApplicationsQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) state?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) permitType?: string;
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

export class QueueQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) permitType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) state?: string;
  @ApiPropertyOptional({ enum: ['me', 'unassigned', 'any'] }) @IsOptional() @IsIn(['me', 'unassigned', 'any']) assigned?: 'me' | 'unassigned' | 'any';
  @ApiPropertyOptional({ enum: ['breached', 'warned', 'escalated', 'any'] })
  @IsOptional()
  @IsIn(['breached', 'warned', 'escalated', 'any'])
  flagged?: 'breached' | 'warned' | 'escalated' | 'any';
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

export const parseIfMatch = (header: string | undefined, body?: number): number | undefined => {
  if (body !== undefined) return body;
  if (header === undefined) return undefined;
  const n = Number(header.replace(/^W\//, '').replace(/"/g, ''));
  return Number.isInteger(n) && n > 0 ? n : NaN;
};

export { Type };
