/**
 * The load engine's own CPU cost per iteration, without the network: a k6 script (one GET, optionally a
 * check) run by `runLoad` over in-memory connections that answer every request with a canned response.
 * The difference to `HttpClient.request()` alone (bench/http_client_bench.ts) is what the engine adds:
 * the script transform's awaits, k6's Response, metrics and tags, checks, VU bookkeeping.
 *
 * @module
 */
import { cannedConnect } from "./canned_conn.ts";
import { runLoad } from "../src/load/engine.ts";

const ITERATIONS = Number(Deno.env.get("ITERATIONS") ?? 20_000);

async function script(withCheck: boolean): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".js" });
  await Deno.writeTextFile(
    path,
    `import http from "k6/http";\nimport { check } from "k6";\n` +
      `export const options = { scenarios: { b: { executor: "shared-iterations", vus: 50, iterations: ${ITERATIONS}, maxDuration: "10m" } } };\n` +
      `export default function () { const res = http.get("http://bench.invalid/"); ${
        withCheck ? 'check(res, { "status is 200": (r) => r.status === 200 });' : ""
      } }\n`,
  );
  return path;
}

for (const withCheck of [false, true]) {
  const path = await script(withCheck);
  Deno.bench(
    `runLoad() ${ITERATIONS} iterations of one GET${withCheck ? " + one check" : ""}, canned responses`,
    {
      group: "engine",
      n: 5,
    },
    async () => {
      const result = await runLoad({
        scriptPath: path,
        env: {},
        log: () => {},
        httpOptions: { connect: cannedConnect },
      });
      if (result.exitCode !== 0) throw new Error(`exit ${result.exitCode}: ${result.error}`);
    },
  );
}
