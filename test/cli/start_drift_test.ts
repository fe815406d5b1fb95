/** `deno task start --drift`: the demo forwards to Vigil, which has the corpus reference, so drift shows. */
import assert from "assert";
import { freePort, MAIN, PERMISSIONS, ROOT } from "../_helpers/cli.ts";

Deno.test("start --drift shows the drifted features in Vigil's drift report within two windows", async () => {
  const vigilPort = freePort();
  const demoPort = freePort();
  const dir = await Deno.makeTempDir({ prefix: "vigil-start-drift-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...PERMISSIONS, MAIN, "start", "--db", `${dir}/vigil.db`, "--drift", "--traffic", "400"],
    cwd: ROOT,
    env: { NO_COLOR: "1", VIGIL_PORT: String(vigilPort), DEMO_PORT: String(demoPort) },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = child.output();
  try {
    let report: Record<string, unknown> | undefined;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      try {
        const body = await (await fetch(`http://127.0.0.1:${vigilPort}/v1/models/sentiment/drift`)).json();
        if (body.window !== null && body.window?.seq >= 1) {
          report = body;
          if (body.window.seq >= 2) break;
        }
      } catch {
        // not up yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.ok(report !== undefined, "no drift window was evaluated");
    const severity = Object.fromEntries(
      (report.features as { name: string; severity: string }[]).map((f) => [f.name, f.severity]),
    );
    assert.ok(["warning", "critical"].includes(severity.token_count!), JSON.stringify(severity));
    assert.equal(severity.text_length, "none", JSON.stringify(severity));
    assert.equal(severity.channel, "none", JSON.stringify(severity));
  } finally {
    child.kill("SIGTERM");
    const { code, stdout } = await output;
    await Deno.remove(dir, { recursive: true });
    const text = new TextDecoder().decode(stdout);
    assert.equal(code, 0, text);
    assert.match(text, /reference: 5000 rows of the training corpus/);
  }
});
