/**
 * What the load engine makes the garbage collector do, per iteration, without the network: a canned
 * run (bench/canned_conn.ts) under V8's `--trace-gc-nvp`, with the bytes that minor GCs promoted to
 * the old generation summed. A request's objects die young; when they are promoted instead, each
 * minor GC copies them and full GCs follow. That is how a Set of in-flight requests once cost 28% of
 * the engine's time (515 bytes promoted per iteration; see src/load/http/slot_bag.ts), with no sign in
 * a CPU profile. Watch `promoted B/iter`: tens of bytes is normal, hundreds is a leak into the old
 * generation.
 *
 * Usage: `deno run -A bench/engine_gc.ts [--iterations N]`
 *
 * @module
 */
import { parseArgs } from "parse-args";
import { cannedConnect } from "./canned_conn.ts";
import { runLoad } from "../src/load/engine.ts";

const SCENARIOS: Record<string, (iterations: number) => string> = {
  "shared-iterations, 50 VUs": (n) =>
    `{ executor: "shared-iterations", vus: 50, iterations: ${n}, maxDuration: "10m" }`,
  "constant-arrival-rate 100k/s, 50 VUs": (n) =>
    `{ executor: "constant-arrival-rate", rate: 100000, timeUnit: "1s", duration: "${
      Math.ceil(n / 100_000)
    }s", preAllocatedVUs: 50, maxVUs: 50 }`,
};

const { values, positionals } = parseArgs({
  args: Deno.args,
  options: {
    iterations: { type: "string", default: "1000000" },
    child: { type: "string" }, // the file the child writes its result to
  },
  allowPositionals: true,
});
const iterations = Number(values.iterations);

if (values.child !== undefined) {
  // One run in this process; the GC trace goes to stdout, the result to the file the parent named.
  const name = positionals[0] as string;
  const path = await Deno.makeTempFile({ suffix: ".js" });
  await Deno.writeTextFile(
    path,
    `import http from "k6/http";\nimport { check } from "k6";\n` +
      `export const options = { scenarios: { b: ${SCENARIOS[name]!(iterations)} } };\n` +
      `export default function () { const res = http.get("http://bench.invalid/"); ` +
      `check(res, { "status is 200": (r) => r.status === 200 }); }\n`,
  );
  const started = performance.now();
  const result = await runLoad({
    scriptPath: path,
    env: {},
    log: () => {},
    httpOptions: { connect: cannedConnect },
  });
  await Deno.remove(path);
  const done = result.summary?.metrics.iterations?.values.count ?? 0;
  const run = { exit: result.exitCode, iterations: done, ms: performance.now() - started };
  await Deno.writeTextFile(values.child, JSON.stringify(run));
} else {
  console.log(`Engine GC per iteration (canned connections, one GET + one check):\n`);
  for (const name of Object.keys(SCENARIOS)) {
    const resultFile = await Deno.makeTempFile({ suffix: ".json" });
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--v8-flags=--trace-gc-nvp",
        new URL(import.meta.url).pathname,
        "--child",
        resultFile,
        "--iterations",
        String(iterations),
        name,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    // The trace: one line per GC, with JSON fields.
    const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
    const saved = await Deno.readTextFile(resultFile).catch(() => "null");
    await Deno.remove(resultFile);
    const run = JSON.parse(saved || "null") as { exit: number; iterations: number; ms: number } | null;
    if (!output.success || run === null || run.exit !== 0) {
      console.log(`${name}: run failed\n${text.slice(-2000)}`);
      Deno.exit(1);
    }
    let minor = 0;
    let full = 0;
    let promoted = 0;
    for (const match of text.matchAll(/"gc":"(\w+)".*?"promoted":(\d+)/g)) {
      if (match[1] === "s" || match[1] === "ms") {
        minor++;
        promoted += Number(match[2]);
      } else if (match[1] === "mc") {
        full++;
      }
    }
    // An arrival-rate run lasts its duration whatever it costs: its time per iteration says nothing.
    const cost = name.startsWith("shared-iterations")
      ? `${(run.ms * 1000 / run.iterations).toFixed(2)} µs/iter (start-up included), `
      : `${run.iterations} iterations, `;
    console.log(
      `${name.padEnd(38)} ${cost}${minor} minor GCs, ${full} full GCs, ` +
        `promoted ${(promoted / run.iterations).toFixed(0)} B/iter`,
    );
  }
}
