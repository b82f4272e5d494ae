import { ApiProperty } from '@nestjs/swagger';

/**
 * The paging fields of every paged list (`pageOf`). A page class of an item type extends it and
 * adds `items` typed with that class, so each list documents exactly what it answers.
 */
export abstract class PageFields {
  @ApiProperty({ type: 'integer', minimum: 1, example: 1, description: 'The page answered (from 1)' })
  page: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100, example: 20, description: 'Items per page, as asked' })
  pageSize: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 1, description: 'Items matching, on every page' })
  total: number;
}
