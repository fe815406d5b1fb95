import assert from "assert";
import { DatabaseSync } from "node:sqlite";
import { applyMigrations, type Migration, MIGRATIONS, readUserVersion } from "../../src/store/migrations.ts";

/** Each migration logs itself, so a test sees which ran and in what order. */
const LOGGED: Migration[] = [
  { version: 1, name: "log", up: "CREATE TABLE log (version INTEGER); INSERT INTO log VALUES (1);" },
  { version: 2, name: "second", up: "INSERT INTO log VALUES (2);" },
  { version: 3, name: "third", up: "INSERT INTO log VALUES (3);" },
];

function loggedVersions(db: DatabaseSync): number[] {
  return db.prepare("SELECT version FROM log ORDER BY rowid").all().map((row) => Number(row.version));
}

Deno.test("applyMigrations() applies every migration in order to a database at version 0", () => {
  const db = new DatabaseSync(":memory:");
  assert.deepEqual(applyMigrations(db, { migrations: LOGGED }), { from: 0, to: 3, applied: [1, 2, 3] });
  assert.deepEqual(loggedVersions(db), [1, 2, 3]);
  assert.equal(readUserVersion(db), 3);
  db.close();
});

Deno.test("applyMigrations() applies only the missing migrations to a partly migrated database", () => {
  const db = new DatabaseSync(":memory:");
  applyMigrations(db, { migrations: LOGGED.slice(0, 1) });
  assert.deepEqual(applyMigrations(db, { migrations: LOGGED }), { from: 1, to: 3, applied: [2, 3] });
  assert.deepEqual(loggedVersions(db), [1, 2, 3]);
  db.close();
});

Deno.test("applyMigrations() does nothing on a database already up to date", () => {
  const db = new DatabaseSync(":memory:");
  applyMigrations(db, { migrations: LOGGED });
  assert.deepEqual(applyMigrations(db, { migrations: LOGGED }), { from: 3, to: 3, applied: [] });
  assert.deepEqual(loggedVersions(db), [1, 2, 3]);
  db.close();
});

Deno.test("applyMigrations() rolls back a failing migration and keeps the versions before it", () => {
  const db = new DatabaseSync(":memory:");
  const broken: Migration[] = [
    LOGGED[0]!,
    { version: 2, name: "broken", up: "INSERT INTO log VALUES (2); INSERT INTO missing VALUES (1);" },
  ];
  assert.throws(() => applyMigrations(db, { path: "test.db", migrations: broken }), {
    message: /^Cannot apply migration 2 "broken" to database "test.db": no such table: missing/,
  });
  assert.equal(readUserVersion(db), 1);
  assert.deepEqual(loggedVersions(db), [1]);
  assert.equal(db.isTransaction, false);
  db.close();
});

Deno.test("applyMigrations() refuses a database newer than the migrations it knows", () => {
  const db = new DatabaseSync(":memory:");
  db.exec("PRAGMA user_version = 5");
  assert.throws(() => applyMigrations(db, { path: "old/vigil.db", migrations: LOGGED }), {
    message: 'Database "old/vigil.db" has schema version 5, newer than this Vigil (3): upgrade Vigil',
  });
  assert.equal(readUserVersion(db), 5);
  db.close();
});

Deno.test("applyMigrations() rejects migrations with a gap in their versions", () => {
  const db = new DatabaseSync(":memory:");
  assert.throws(() => applyMigrations(db, { migrations: [LOGGED[0]!, LOGGED[2]!] }), {
    name: "RangeError",
    message: /^Migration "third" has version 3 where 2 was expected/,
  });
  assert.equal(readUserVersion(db), 0);
  db.close();
});

Deno.test("MIGRATIONS version 1 creates probe_results with its indexes", () => {
  const db = new DatabaseSync(":memory:");
  applyMigrations(db);
  const indexes = db.prepare(
    "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'probe_results'",
  )
    .all().map((row) => String(row.name)).sort();
  assert.deepEqual(indexes, ["probe_results_probe_time", "probe_results_target_time", "probe_results_time"]);
  db.close();
});

Deno.test("MIGRATIONS are numbered 1, 2, 3, ... without gaps", () => {
  assert.deepEqual(MIGRATIONS.map((migration) => migration.version), MIGRATIONS.map((_, index) => index + 1));
});
