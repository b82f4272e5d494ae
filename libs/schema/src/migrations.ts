/** Migrations in order. Generated with `npm run migration:generate -- <Name>`, then reviewed. */
export const ALL_MIGRATIONS: Function[] = [];
