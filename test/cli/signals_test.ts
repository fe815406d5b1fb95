/**
 * Ctrl-C as users send it. One press can arrive twice: the terminal signals the whole process group,
 * and `deno task` forwards its own copy to the child (measured 0.7 ms apart). These tests send the
 * copy 50 ms after the first, inside the window that treats it as the same press.
 */
import assert from "assert";
import { freePort, MAIN, PERMISSIONS, ROOT } from "../_helpers/cli.ts";
import { REPEAT_SIGNAL_MS } from "../../src/cli/signals.ts";

const DUPLICATE_AFTER_MS = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects a stream's text, so a test can wait for a line while the process runs. */
function collect(stream: ReadableStream<Uint8Array>): { text: () => string; done: Promise<void> } {
  let text = "";
  const decoder = new TextDecoder();
  const done = stream.pipeTo(
    new WritableStream({ write: (chunk) => void (text += decoder.decode(chunk, { stream: true })) }),
  );
  return { text: () => text, done };
}

async function waitFor(what: string, ok: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

Deno.test("onStopSignals: a copy within the window is the same press; a later signal is another", async () => {
  const signals = new URL("../../src/cli/signals.ts", import.meta.url).href;
  const script = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(
    script,
    `import { onStopSignals } from ${JSON.stringify(signals)};\n` +
      `onStopSignals((s) => console.log("first", s), (s) => console.log("again", s));\n` +
      `console.log("ready");\nsetTimeout(() => {}, 5000);\n`,
  );
  const child = new Deno.Command(Deno.execPath(), { args: ["run", script], stdout: "piped" }).spawn();
  const out = collect(child.stdout);
  try {
    await waitFor("ready", () => out.text().includes("ready"));
    child.kill("SIGINT");
    await sleep(DUPLICATE_AFTER_MS);
    child.kill("SIGINT");
    await sleep(REPEAT_SIGNAL_MS + 200);
    child.kill("SIGTERM");
    await waitFor("the second press", () => out.text().includes("again"));
    assert.deepEqual(out.text().trim().split("\n"), ["ready", "first SIGINT", "again SIGTERM"]);
  } finally {
    child.kill("SIGKILL");
    await child.status;
    await out.done.catch(() => {});
    await Deno.remove(script);
  }
});

Deno.test("onStopSignals: listeners removed right after the first signal still swallow its copy", async () => {
  const signals = new URL("../../src/cli/signals.ts", import.meta.url).href;
  const script = await Deno.makeTempFile({ suffix: ".ts" });
  // The first signal stops listening at once, as a command that has finished would; then it lives on.
  await Deno.writeTextFile(
    script,
    `import { onStopSignals } from ${JSON.stringify(signals)};\n` +
      `const stop = onStopSignals(() => { console.log("first"); stop(); }, () => console.log("again"));\n` +
      `console.log("ready");\nsetTimeout(() => console.log("lived"), 1000);\n`,
  );
  const child = new Deno.Command(Deno.execPath(), { args: ["run", script], stdout: "piped" }).spawn();
  const out = collect(child.stdout);
  try {
    await waitFor("ready", () => out.text().includes("ready"));
    child.kill("SIGINT");
    await sleep(DUPLICATE_AFTER_MS);
    child.kill("SIGINT");
    const status = await child.status;
    await out.done;
    assert.equal(status.signal, null, "the copy killed the process");
    assert.equal(status.code, 0);
    assert.deepEqual(out.text().trim().split("\n"), ["ready", "first", "lived"]);
  } finally {
    await Deno.remove(script);
  }
});

/** A target that counts requests, and a load script against it. */
async function loadRun(scriptBody: string) {
  let hits = 0;
  const target = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    hits++;
    return new Response("ok");
  });
  const script = await Deno.makeTempFile({ suffix: ".js" });
  await Deno.writeTextFile(script, scriptBody);
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...PERMISSIONS,
      "--allow-sys",
      MAIN,
      "load",
      script,
      "--target",
      `http://127.0.0.1:${target.addr.port}/`,
    ],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stdout = collect(child.stdout);
  const stderr = collect(child.stderr);
  return {
    child,
    stdout,
    stderr,
    hits: () => hits,
    async close() {
      try {
        child.kill("SIGKILL");
      } catch {
        // already exited
      }
      await child.status;
      await Promise.all([stdout.done.catch(() => {}), stderr.done.catch(() => {})]);
      await target.shutdown();
      await Deno.remove(script);
    },
  };
}

Deno.test("load: one Ctrl-C delivered twice stops gracefully, prints the summary and exits 105", async () => {
  const run = await loadRun(
    `import http from "k6/http";\nimport { sleep } from "k6";\n` +
      `export const options = { vus: 2, duration: "60s" };\n` +
      `export default function () { http.get(__ENV.TARGET); sleep(0.05); }\n` +
      // Still runs after Ctrl-C, as in k6: the process is alive when the copy arrives.
      `export function teardown() { sleep(1); }\n`,
  );
  try {
    await waitFor("requests", () => run.hits() >= 10);
    run.child.kill("SIGINT");
    await sleep(DUPLICATE_AFTER_MS);
    run.child.kill("SIGINT");
    const { code } = await run.child.status;
    await Promise.all([run.stdout.done, run.stderr.done]);
    assert.equal(code, 105, run.stderr.text());
    assert.match(run.stdout.text(), /http_reqs\.+: \d+/, "the summary is printed");
    assert.match(run.stderr.text(), /Test ended early: stopped by the user/);
  } finally {
    await run.close();
  }
});

Deno.test("load: a second, separate Ctrl-C quits at once without waiting for the run to wind down", async () => {
  // A teardown that takes 30 s: the first Ctrl-C still runs it, the second does not wait for it.
  const run = await loadRun(
    `import http from "k6/http";\nimport { sleep } from "k6";\n` +
      `export const options = { vus: 1, duration: "60s" };\n` +
      `export default function () { http.get(__ENV.TARGET); sleep(0.05); }\n` +
      `export function teardown() { sleep(30); }\n`,
  );
  try {
    await waitFor("a request", () => run.hits() >= 1);
    run.child.kill("SIGINT");
    await waitFor("the stopping notice", () => run.stderr.text().includes("Stopping"));
    await sleep(REPEAT_SIGNAL_MS + 200);
    const secondAt = Date.now();
    run.child.kill("SIGINT");
    const { code } = await run.child.status;
    assert.equal(code, 105, run.stderr.text());
    assert.ok(Date.now() - secondAt < 10_000, "it did not wait for the 30 s teardown");
  } finally {
    await run.close();
  }
});

Deno.test("serve: one Ctrl-C delivered twice shuts down cleanly with 0, not killed with 130", async () => {
  // A probe target that answers after 1.5 s: the shutdown waits for the probe in flight, so the copy
  // of the signal arrives mid-shutdown.
  let probes = 0;
  const slow = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async () => {
    probes++;
    await sleep(1500);
    return new Response("ok");
  });
  const dir = await Deno.makeTempDir({ prefix: "vigil-signal-" });
  const config = `${dir}/vigil.yaml`;
  await Deno.writeTextFile(
    config,
    `storage: { path: ${dir}/vigil.db }\n` +
      `targets: { slow: { url: "http://127.0.0.1:${slow.addr.port}" } }\n` +
      `probes:\n  - { name: slow, target: slow, path: /, interval: 5s, timeout: 5s, jitter: 0 }\n`,
  );
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...PERMISSIONS, MAIN, "serve", "--config", config, "--port", String(port)],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stdout = collect(child.stdout);
  const stderr = collect(child.stderr);
  try {
    await waitFor("listening", () => stdout.text().includes("listening on"));
    await waitFor("a probe in flight", () => probes >= 1);
    child.kill("SIGINT");
    await sleep(DUPLICATE_AFTER_MS);
    child.kill("SIGINT");
    const { code, signal } = await child.status;
    await Promise.all([stdout.done, stderr.done]);
    assert.equal(signal, null, `killed by ${signal}: ${stderr.text()}`);
    assert.equal(code, 0, stderr.text());
    assert.match(stdout.text(), /vigil: SIGINT, shutting down/);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch {
      // already exited
    }
    await child.status;
    await slow.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
