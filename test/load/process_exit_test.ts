/** A finished run leaves nothing behind that keeps the process alive (timers, workers, sockets). */
import assert from "assert";

Deno.test("a process that ran a load test exits as soon as the run is over", async () => {
  const target = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => new Response("ok"));
  const dir = await Deno.makeTempDir();
  try {
    // Default gracefulStop is 30 s: a grace timer left running would hold the process that long.
    await Deno.writeTextFile(
      `${dir}/script.js`,
      `import http from "k6/http";\nexport const options = { vus: 2, duration: "1s" };\n` +
        `export default function () { http.get(__ENV.TARGET); }\n`,
    );
    const engine = new URL("../../src/load/engine.ts", import.meta.url).href;
    await Deno.writeTextFile(
      `${dir}/main.ts`,
      `import { runLoad } from ${JSON.stringify(engine)};\n` +
        `const r = await runLoad({ scriptPath: ${JSON.stringify(`${dir}/script.js`)}, env: { TARGET: ${
          JSON.stringify(`http://127.0.0.1:${target.addr.port}/`)
        } }, log: () => {} });\n` +
        `console.log("exit", r.exitCode, performance.now());\n`,
    );
    const started = performance.now();
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--config", new URL("../../deno.json", import.meta.url).pathname, `${dir}/main.ts`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const seconds = (performance.now() - started) / 1000;
    const text = new TextDecoder().decode(output.stdout);
    assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
    assert.match(text, /exit 0/, new TextDecoder().decode(output.stderr));
    // Start-up, a 1 s run and the transform worker take a few seconds; 30 s would mean a leak.
    assert.ok(seconds < 15, `the process took ${seconds.toFixed(1)} s to exit`);
  } finally {
    await target.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
