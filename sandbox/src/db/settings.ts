import type { Sql } from "./sql";

/** Typed key/value rows in `settings` (clock, id counter, config overrides, secrets of the sandbox). */
export class Settings {
  constructor(private readonly sql: Sql) {}

  get<T>(key: string): T | undefined {
    const row = this.sql.one<{ value: string }>("SELECT value FROM settings WHERE key = ?", key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  set(key: string, value: unknown): void {
    this.sql.run(
      "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      key,
      JSON.stringify(value),
    );
  }

  delete(key: string): void {
    this.sql.run("DELETE FROM settings WHERE key = ?", key);
  }

  /** Increments an integer counter and returns the new value. */
  increment(key: string): number {
    const next = (this.get<number>(key) ?? 0) + 1;
    this.set(key, next);
    return next;
  }
}
