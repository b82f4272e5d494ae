import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * One SQL statement built from fragments that several repositories own: numbered parameters
 * shared by all of them and named common table expressions. Each repository writes the SQL of
 * its own table into the statement (a CTE, a subselect) and the repository that sends it names
 * the others' fragments only by what they return. Data-modifying CTEs must sit at the top level
 * of a statement, so fragments are added as CTEs here, never nested.
 */
export class SqlStatement {
  readonly params: unknown[] = [];
  private readonly ctes: string[] = [];
  private readonly names = new Set<string>();

  /** A placeholder for `value` (`$n`, with the cast when given). */
  param(value: unknown, cast?: string): string {
    this.params.push(value);
    return `$${this.params.length}${cast ? `::${cast}` : ''}`;
  }

  /** A CTE name not used yet in this statement, starting with `prefix`. */
  name(prefix: string): string {
    let name = prefix;
    for (let i = 1; this.names.has(name); i++) name = `${prefix}_${i}`;
    this.names.add(name);
    return name;
  }

  /** Adds `name AS (sql)` (the name from {@link name}); the CTEs keep the order they were added in. */
  with(name: string, sql: string): string {
    if (!this.names.has(name)) throw new Error(`SqlStatement: reserve the CTE name ${name} with name() first`);
    this.ctes.push(`${name} AS (${sql})`);
    return name;
  }

  /** The statement: the CTEs, then `main`. */
  text(main: string): string {
    return this.ctes.length ? `WITH ${this.ctes.join(',\n')}\n${main}` : main;
  }
}

const TIMESTAMP = /^timestamp/;

/**
 * An entity from a row of its table as Postgres (or `to_jsonb`) gives it: column names, dates as
 * Date or ISO text, transformers applied, as TypeORM would hydrate it.
 */
export function entityFromRow<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const meta = db.getMetadata(target);
  const entity = meta.create() as T;
  for (const column of meta.columns) {
    if (!(column.databaseName in row)) continue;
    let value = row[column.databaseName];
    // to_jsonb gives instants as ISO text; the driver only converts the types it names in full
    if (typeof value === 'string' && TIMESTAMP.test(String(column.type))) value = new Date(value);
    column.setEntityValue(entity, db.driver.prepareHydratedValue(value, column));
  }
  return entity;
}
