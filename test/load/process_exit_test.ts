/** A finished run leaves nothing behind that keeps the process alive (timers, workers, sockets). */
import assert from "assert";

/**
 * Runs `script` with runLoad in a fresh process; returns the exit code runLoad gave and how long the
 * process lingered after runLoad returned (what a leaked timer or worker shows as).
 */
async function runInProcess(script: string, target: string): Promise<{ exitCode: number; linger: number }> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/script.js`, script);
    const engine = new URL("../../src/load/engine.ts", import.meta.url).href;
    await Deno.writeTextFile(
      `${dir}/main.ts`,
      `import { runLoad } from ${JSON.stringify(engine)};\n` +
        `const r = await runLoad({ scriptPath: ${JSON.stringify(`${dir}/script.js`)}, env: { TARGET: ${
          JSON.stringify(target)
        } }, log: () => {} });\n` +
        `console.log("exit", r.exitCode, "at", Date.now());\n`,
    );
    const started = performance.now();
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--config", new URL("../../deno.json", import.meta.url).pathname, `${dir}/main.ts`],
      stdout: "piped",
      stderr: "piped",
      // A leak holds the process forever; killed, it fails the test below instead of hanging it.
      signal: AbortSignal.timeout(30_000),
    }).output();
    const exitedAt = Date.now();
    const seconds = (performance.now() - started) / 1000;
    const text = new TextDecoder().decode(output.stdout);
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, `exit code ${output.code} after ${seconds.toFixed(1)} s: ${stderr}`);
    const line = /exit (\d+) at (\d+)/.exec(text);
    assert.ok(line !== null, `no exit line in ${text} ${stderr}`);
    return { exitCode: Number(line[1]), linger: (exitedAt - Number(line[2])) / 1000 };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const HEADER = `import http from "k6/http";\n`;
const CASES: [string, string, number][] = [
  // Default gracefulStop is 30 s: a grace timer left running would hold the process that long.
  [
    "a closed-model run",
    `export const options = { vus: 2, duration: "1s" };\nexport default function () { http.get(__ENV.TARGET); }\n`,
    0,
  ],
  // The arrival-rate schedulers start the precise timer's worker, which would hold the process forever.
  [
    "an arrival-rate run",
    `export const options = { scenarios: { a: { executor: "constant-arrival-rate", rate: 50, duration: "1s", ` +
    `preAllocatedVUs: 2 } } };\nexport default function () { http.get(__ENV.TARGET); }\n`,
    0,
  ],
  // The run ends while the timer's worker may still be starting (the race itself is in
  // precise_timer_test.ts, where it is deterministic).
  [
    "an arrival-rate run whose init throws in a VU",
    `if (__VU === 1) throw new Error("init fails");\n` +
    `export const options = { scenarios: { a: { executor: "constant-arrival-rate", rate: 50, duration: "1s", ` +
    `preAllocatedVUs: 2 } } };\nexport default function () { http.get(__ENV.TARGET); }\n`,
    107,
  ],
  [
    "an arrival-rate run whose setup() throws",
    `export const options = { scenarios: { a: { executor: "constant-arrival-rate", rate: 50, duration: "1s", ` +
    `preAllocatedVUs: 2 } } };\nexport function setup() { throw new Error("no"); }\n` +
    `export default function () { http.get(__ENV.TARGET); }\n`,
    107,
  ],
];

for (const [name, body, expected] of CASES) {
  Deno.test(`a process that ran ${name} exits as soon as the run is over`, async () => {
    const target = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => new Response("ok"));
    try {
      const { exitCode, linger } = await runInProcess(HEADER + body, `http://127.0.0.1:${target.addr.port}/`);
      assert.equal(exitCode, expected);
      // Leaks held the process for 10 s (the timer worker's start deadline), 30 s (gracefulStop) or
      // for ever; a clean exit takes well under a second.
      assert.ok(linger < 5, `the process lingered ${linger.toFixed(1)} s after runLoad returned`);
    } finally {
      await target.shutdown();
    }
  });
}
