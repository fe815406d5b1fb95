/**
 * Persistence: the {@linkcode Store} interface, its SQLite implementation and the schema migrations.
 *
 * @module
 */

export * from "./store.ts";
export * from "./migrations.ts";
export * from "./sqlite_store.ts";
export * from "./drift_store.ts";
export * from "./load_run_store.ts";
