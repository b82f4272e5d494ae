import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { DomainError } from '../errors/domain-error';
import { PageQuery } from './pagination';
import { PageFields } from './page.schema';

/** One key of a keyset cursor: what the list orders by, for the last row of a page. */
export type CursorKey = string | number | null;

/** An opaque cursor (base64url of the keys): clients pass back what they were given. */
export const encodeCursor = (keys: readonly CursorKey[]): string => Buffer.from(JSON.stringify(keys), 'utf8').toString('base64url');

const badCursor = (): DomainError =>
  new DomainError('invalid', 'bad-cursor', '`after` is not a cursor this list gave out', { errors: [{ field: 'after', message: 'not a cursor of this list' }] });

/**
 * The keys of a cursor, checked against the kinds the list expects (`'string?'`: a string or
 * null); anything else is a 400, never a 500.
 */
export function decodeCursor(cursor: string, kinds: readonly ('string' | 'string?' | 'number' | 'date?' | 'uuid')[]): CursorKey[] {
  let keys: unknown;
  try {
    keys = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(keys) || keys.length !== kinds.length) throw badCursor();
  kinds.forEach((kind, i) => {
    const k: unknown = keys[i];
    const ok =
      kind === 'number' ? Number.isSafeInteger(k)
      : kind === 'string' ? typeof k === 'string' && k.length <= 200
      : kind === 'string?' ? k === null || (typeof k === 'string' && k.length <= 200)
      : kind === 'uuid' ? typeof k === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(k)
      : k === null || (typeof k === 'string' && !Number.isNaN(Date.parse(k)));
    if (!ok) throw badCursor();
  });
  return keys as CursorKey[];
}

/** Offset paging (`page`) or, for any depth at the same cost, keyset paging (`after`). */
export class KeysetPageQuery extends PageQuery {
  @ApiPropertyOptional({
    description:
      'Keyset paging: the `nextCursor` of the previous page. The page then starts right after that row, at the same cost however deep ' +
      '(`page` is ignored). Offset paging (`page`) keeps working, but its cost grows with the offset.',
    maxLength: 400,
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: 'after must be the nextCursor of a previous page' })
  after?: string;
}

/** The paging fields of a list that counts exactly only where that is cheap, and pages by cursor. */
export abstract class KeysetPageFields extends PageFields {
  @ApiProperty({
    description:
      'true when `total` is the exact number of matching items; false when counting stopped at a cap (`total` is then a lower bound: ' +
      'show it as "10,000+"). Lists count exactly up to their cap.',
  })
  totalIsExact: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `after` for the page after this one (also after an offset page); null when this page is the last.',
  })
  nextCursor: string | null;
}
