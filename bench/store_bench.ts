import { openSqliteStore } from "../src/store/sqlite_store.ts";
import type { ProbeResult } from "../src/store/store.ts";

const ROWS = 100_000;
const PROBES = 20;
const TARGETS = 3;

function result(i: number): ProbeResult {
  const success = i % 50 !== 0;
  return {
    probe: `probe_${i % PROBES}`,
    target: `target_${i % TARGETS}`,
    time: 1_700_000_000_000 + i * 1_000,
    success,
    durationMs: 5 + (i % 400),
    status: success ? 200 : 503,
    failure: success ? null : "status 503",
  };
}

// Query benches read an in-memory copy: the plans are the same as on a file, without disk noise.
const seeded = openSqliteStore(":memory:");
for (let i = 0; i < ROWS; i++) seeded.recordProbeResult(result(i));
const lastHour = 1_700_000_000_000 + (ROWS - 3_600) * 1_000;

// Inserts go to a real WAL file, as the scheduler's do, each its own committed transaction.
const dir = Deno.makeTempDirSync({ prefix: "vigil_store_bench_" });
const file = openSqliteStore(`${dir}/vigil.db`);
let n = 0;

globalThis.addEventListener("unload", () => {
  seeded.close();
  file.close();
  Deno.removeSync(dir, { recursive: true });
});

Deno.bench("recordProbeResult() into a WAL file", { group: "write" }, () => {
  file.recordProbeResult(result(n++));
});

Deno.bench("countProbeResults() over 100k rows, all targets", { group: "count" }, () => {
  seeded.countProbeResults({ since: 0, thresholdMs: 200 });
});

Deno.bench("countProbeResults() over 100k rows, one target and probe", { group: "count" }, () => {
  seeded.countProbeResults({ since: 0, target: "target_1", probe: "probe_7", thresholdMs: 200 });
});

Deno.bench("countProbeResults() over the last hour of 100k rows, one target", { group: "count" }, () => {
  seeded.countProbeResults({ since: lastHour, target: "target_1", thresholdMs: 200 });
});

Deno.bench("lastProbeResults() over 100k rows, 20 probes", { group: "read" }, () => {
  seeded.lastProbeResults();
});

Deno.bench("listProbeResults() newest 100 of 100k rows, one target", { group: "read" }, () => {
  seeded.listProbeResults({ since: 0, target: "target_2" });
});
