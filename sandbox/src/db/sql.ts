/** A synchronous SQL handle over Durable Object SQLite; small so tests and seeders share it. */
export type SqlValue = string | number | null;

export interface Sql {
  all<T extends object>(query: string, ...params: SqlValue[]): T[];
  one<T extends object>(query: string, ...params: SqlValue[]): T | undefined;
  /** Runs a write; returns the number of rows written. */
  run(query: string, ...params: SqlValue[]): number;
  transaction<T>(fn: () => T): T;
}

export function sqlFromStorage(storage: DurableObjectStorage): Sql {
  const exec = storage.sql.exec.bind(storage.sql);
  return {
    all: <T extends object>(query: string, ...params: SqlValue[]) => exec(query, ...params).toArray() as unknown as T[],
    one: <T extends object>(query: string, ...params: SqlValue[]) =>
      (exec(query, ...params).toArray()[0] as T | undefined) ?? undefined,
    run: (query: string, ...params: SqlValue[]) => exec(query, ...params).rowsWritten,
    transaction: <T>(fn: () => T) => storage.transactionSync(fn),
  };
}
