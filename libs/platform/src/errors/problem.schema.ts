import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, ApiResponseOptions, getSchemaPath } from '@nestjs/swagger';

/** One field at fault, as validation problems list them. */
export class FieldErrorSchema {
  @ApiProperty({ example: 'form.floors', description: 'Path of the field at fault (dots for nesting, `path.N` for a path segment)' })
  field: string;

  @ApiProperty({ example: 'floors must be an integer' })
  message: string;
}

/** A document an application still lacks (incomplete submit) or a deficiency notice still waits for (resubmission). */
export class MissingDocumentSchema {
  @ApiProperty({ example: 'site-plan', description: 'Requirement code' })
  code: string;

  @ApiProperty({ example: 'Gambar situasi' })
  name: string;
}

/**
 * RFC 9457 problem details as Tenggat answers every error, with its extension members. Problems
 * may carry more members (`currentVersion` on a stale write, `missingDocuments` on an incomplete
 * submit, `retryAfter` on 429 ...); each is documented on the operation that sends it.
 */
export class ProblemDetails {
  @ApiProperty({ example: 'urn:tenggat:problem:validation-failed', description: 'Stable URI of the problem kind; `code` is its last segment' })
  type: string;

  @ApiProperty({ example: 'Bad Request' })
  title: string;

  @ApiProperty({ example: 400, minimum: 400, maximum: 599 })
  status: number;

  @ApiProperty({ example: 'floors: floors must be an integer', description: 'What went wrong, for a person' })
  detail: string;

  @ApiProperty({ example: 'validation-failed', description: 'Stable machine-readable code' })
  code: string;

  @ApiPropertyOptional({ example: '/v1/applications', description: 'The path that answered (never its query string)' })
  instance?: string;

  @ApiPropertyOptional({ example: '5f0c4a2e-6a4b-4bb3-9a43-3f1a4c1d2e7f', description: 'Also in the X-Request-Id header and the logs' })
  requestId?: string;

  @ApiPropertyOptional({ type: [FieldErrorSchema], description: 'Per-field errors (validation problems)' })
  errors?: FieldErrorSchema[];

  @ApiPropertyOptional({
    type: [MissingDocumentSchema],
    description: 'application-incomplete: the required documents not uploaded; documents-not-replaced: those the deficiency notice named and not uploaded anew',
  })
  missingDocuments?: MissingDocumentSchema[];
}

export const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input: a parameter or the body is malformed (per-field errors in `errors`); nothing changed',
  401: 'Missing, invalid or expired credentials',
  403: 'The caller may not do this',
  404: 'Not found, or not visible to the caller',
  409: 'Conflict: a stale version (`currentVersion`), a forbidden transition or a duplicate',
  413: 'The upload is larger than the server accepts',
  415: 'Unsupported media type',
  422: 'Well-formed but refused by a domain rule (`errors` or `missingDocuments` say why)',
  429: 'Too many requests; retry after `Retry-After` seconds',
  503: 'A dependency is not ready',
};

/**
 * Marks an error status whose body is a report of its own rather than a problem (the health
 * checks answer 503 with the same report as their 200); the OpenAPI post-processing and the
 * Spectral rule leave such a response as it is documented.
 */
export const NOT_A_PROBLEM = 'x-tenggat-report';

/** Documents an error status that answers a report of its own (`type`, as JSON), not a problem. */
export function ApiReportResponse(status: number, type: Type<unknown>, description: string): MethodDecorator & ClassDecorator {
  return ApiResponse({ status, type, description, [NOT_A_PROBLEM]: true } as ApiResponseOptions);
}

/** Documents the problem+json answers an operation can give, by status. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetails),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetails) } } },
      }),
    ),
  );
}
