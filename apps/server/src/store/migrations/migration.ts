/** One schema change of the store; applied once, in order, and recorded in `schema_migrations`. */
export interface Migration {
  /** Unique, stable, the same on both engines: `<part>:<n>`, e.g. `users:1`. */
  id: string;
  sql: string;
}

/** The database holds a schema this build does not know: written by a newer supfleet. */
export function unknownMigrations(applied: Iterable<string>, known: readonly Migration[]): string[] {
  const ids = new Set(known.map((m) => m.id));
  return [...applied].filter((id) => !ids.has(id));
}
