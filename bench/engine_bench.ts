/**
 * The load engine's own CPU cost per iteration, without the network: a k6 script (one GET, optionally a
 * check) run by `runLoad` over in-memory connections that answer every request with a canned response.
 * The difference to `HttpClient.request()` alone (bench/http_client_bench.ts) is what the engine adds:
 * the script transform's awaits, k6's Response, metrics and tags, checks, VU bookkeeping. A run's fixed
 * start-up cost is timed on its own, to be subtracted. `ITERATIONS` (env) sets the iterations per run.
 *
 * @module
 */
import { cannedConnect } from "./canned_conn.ts";
import { runLoad } from "../src/load/engine.ts";

const ITERATIONS = Number(Deno.env.get("ITERATIONS") ?? 200_000);
/** Enough iterations to warm up, few enough that the run's fixed start-up cost is what this case times. */
const STARTUP_ITERATIONS = 50;

async function script(withCheck: boolean, iterations = ITERATIONS): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".js" });
  await Deno.writeTextFile(
    path,
    `import http from "k6/http";\nimport { check } from "k6";\n` +
      `export const options = { scenarios: { b: { executor: "shared-iterations", vus: 50, iterations: ${iterations}, maxDuration: "10m" } } };\n` +
      `export default function () { const res = http.get("http://bench.invalid/"); ${
        withCheck ? 'check(res, { "status is 200": (r) => r.status === 200 });' : ""
      } }\n`,
  );
  return path;
}

/** Times whole runs of `path`; the start-up case is the fixed part to subtract from the others. */
function benchRun(name: string, path: string): void {
  Deno.bench(name, { group: "engine", n: 5 }, async () => {
    const result = await runLoad({
      scriptPath: path,
      env: {},
      log: () => {},
      httpOptions: { connect: cannedConnect },
    });
    if (result.exitCode !== 0) throw new Error(`exit ${result.exitCode}: ${result.error}`);
  });
}

// Per iteration = (a case − start-up) / ITERATIONS. Start-up is the script transform (in its worker,
// ~0.15 s), 50 VUs' module copies and the summary.
benchRun(
  `runLoad() start-up: ${STARTUP_ITERATIONS} iterations of one GET + one check`,
  await script(true, STARTUP_ITERATIONS),
);
for (const withCheck of [false, true]) {
  benchRun(
    `runLoad() ${ITERATIONS} iterations of one GET${withCheck ? " + one check" : ""}, canned responses`,
    await script(withCheck),
  );
}
