/** The README's start command: the demo and Vigil together, probes visible, a clean stop. */
import assert from "assert";
import { freePort, MAIN, PERMISSIONS, ROOT } from "../_helpers/cli.ts";

Deno.test("start runs the demo and Vigil, shows probe_success for every probe, and stops both on SIGTERM", async () => {
  const vigilPort = freePort();
  const demoPort = freePort();
  const dir = await Deno.makeTempDir({ prefix: "vigil-start-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...PERMISSIONS, MAIN, "start", "--db", `${dir}/vigil.db`],
    cwd: ROOT,
    env: { NO_COLOR: "1", VIGIL_PORT: String(vigilPort), DEMO_PORT: String(demoPort) },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = child.output();
  try {
    let metrics = "";
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      try {
        metrics = await (await fetch(`http://127.0.0.1:${vigilPort}/metrics`)).text();
        if ((metrics.match(/^probe_success\{.*\} 1$/gm) ?? []).length >= 4) break;
      } catch {
        // not up yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal((metrics.match(/^probe_success\{.*\} 1$/gm) ?? []).length, 4, metrics);
    assert.match(metrics, /probe_success\{probe="golden-positive",target="demo"\} 1/);
  } finally {
    const stopAt = Date.now();
    child.kill("SIGTERM");
    const { code, stdout } = await output;
    // The demo stops first and flushes into a Vigil that still listens; stopped the other way round,
    // its forwarder retried against a closed port for its whole 5 s grace.
    const stopSeconds = (Date.now() - stopAt) / 1000;
    assert.ok(stopSeconds < 4, `stopping took ${stopSeconds.toFixed(1)} s`);
    await Deno.remove(dir, { recursive: true });
    const text = new TextDecoder().decode(stdout);
    assert.equal(code, 0, text);
    assert.match(text, new RegExp(`demo model\\s+http://127.0.0.1:${demoPort}`));
    assert.match(text, new RegExp(`vigil\\s+http://127.0.0.1:${vigilPort}`));
  }
  // The demo child went with it: nothing answers on its port any more.
  await assert.rejects(fetch(`http://127.0.0.1:${demoPort}/healthz`));
});
