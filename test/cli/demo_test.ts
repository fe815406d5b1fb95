import assert from "assert";
import { UsageError } from "../../src/cli/args.ts";
import { DEFAULT_DEMO_PORT, demoCommand, HELP_TEXT, parseDemoArgs } from "../../src/cli/demo.ts";

Deno.test("parseDemoArgs() defaults to 127.0.0.1:8081 and a healthy service", () => {
  assert.deepEqual(parseDemoArgs([]), {
    help: false,
    hostname: "127.0.0.1",
    port: DEFAULT_DEMO_PORT,
    faults: { latencyMs: 0, errorRatio: 0, drift: false },
  });
  assert.equal(DEFAULT_DEMO_PORT, 8081);
});

Deno.test("parseDemoArgs() takes the port from DEMO_PORT unless --port is given", () => {
  assert.equal(parseDemoArgs([], { demoPort: "9100" }).port, 9100);
  assert.equal(parseDemoArgs(["--port", "0"], { demoPort: "9100" }).port, 0);
  assert.equal(parseDemoArgs([], { demoPort: "" }).port, DEFAULT_DEMO_PORT);
});

Deno.test("parseDemoArgs() reads every fault option", () => {
  const config = parseDemoArgs([
    "--latency-ms",
    "150",
    "--error-ratio",
    "0.05",
    "--drift",
    "--hostname",
    "0.0.0.0",
  ]);
  assert.equal(config.hostname, "0.0.0.0");
  assert.deepEqual(config.faults, { latencyMs: 150, errorRatio: 0.05, drift: true });
});

Deno.test("parseDemoArgs() rejects bad values with a UsageError", () => {
  const cases: [string[], RegExp][] = [
    [["--port", "http"], /Invalid --port "http"/],
    [["--port", "70000"], /Invalid --port "70000"/],
    [["--error-ratio", "1.5"], /Invalid --error-ratio "1.5": expected a number from 0 to 1/],
    [["--latency-ms=-3"], /Invalid --latency-ms "-3"/],
    [["--latency-ms"], /latency-ms/],
    [["--verbose"], /verbose/],
    [["extra"], /Unexpected argument "extra"/],
    [["--hostname", ""], /Invalid --hostname ""/],
  ];
  for (const [argv, message] of cases) {
    assert.throws(() => parseDemoArgs(argv), (error: unknown) => {
      assert.ok(error instanceof UsageError, `${argv.join(" ")}: ${error}`);
      assert.match(error.message, message);
      return true;
    });
  }
  assert.throws(() => parseDemoArgs([], { demoPort: "abc" }), /Invalid DEMO_PORT "abc"/);
});

Deno.test("demo --help prints the help and exits 0", async () => {
  const lines: string[] = [];
  assert.equal(await demoCommand(["--help"], { print: (line) => lines.push(line) }), 0);
  assert.deepEqual(lines, [HELP_TEXT]);
  for (const option of ["--port", "--hostname", "--latency-ms", "--error-ratio", "--drift", "DEMO_PORT"]) {
    assert.ok(HELP_TEXT.includes(option), option);
  }
});

Deno.test("demo --port 0 prints the actual port, serves, and exits 0 when stopped", async () => {
  const lines: string[] = [];
  const stop = new AbortController();
  let printed: () => void = () => {};
  const listening = new Promise<void>((resolve) => printed = resolve);
  const exit = demoCommand(["--port", "0", "--error-ratio", "0.5", "--drift"], {
    signal: stop.signal,
    demoPort: undefined,
    print(line) {
      lines.push(line);
      printed();
    },
  });
  await listening;

  const [line] = lines;
  assert.match(
    line ?? "",
    /^demo model nb-[0-9a-f]{8} listening on http:\/\/127\.0\.0\.1:(\d+) \(latency 0 ms, error ratio 0\.5, drift on\)$/,
  );
  const url = line?.match(/(http:\/\/\S+)/)?.[1];
  assert.ok(url !== undefined && !url.endsWith(":0"));
  const response = await fetch(`${url}/admin/faults`);
  assert.deepEqual(await response.json(), { latency_ms: 0, error_ratio: 0.5, drift: true });

  stop.abort();
  assert.equal(await exit, 0);
  await assert.rejects(fetch(`${url}/healthz`), TypeError);
});

Deno.test("demo exits 0 at once when its stop signal is already aborted", async () => {
  const lines: string[] = [];
  const code = await demoCommand(["--port", "0"], {
    signal: AbortSignal.abort(),
    print: (line) => lines.push(line),
  });
  assert.equal(code, 0);
  assert.equal(lines.length, 1);
});

Deno.test("demo rejects bad options before listening", async () => {
  await assert.rejects(demoCommand(["--error-ratio", "2"], { print: () => {} }), UsageError);
});

Deno.test({
  name: "demo shuts down and exits 0 on SIGTERM",
  // Deno.kill needs --allow-run, which `deno task test` grants.
  ignore: Deno.build.os === "windows" || Deno.permissions.querySync({ name: "run" }).state !== "granted",
  async fn() {
    let printed: (line: string) => void = () => {};
    const listening = new Promise<string>((resolve) => printed = resolve);
    const exit = demoCommand(["--port", "0"], { print: (line) => printed(line), demoPort: undefined });
    const line = await listening;
    // The command's listener is installed before it prints, so this cannot kill the test process.
    Deno.kill(Deno.pid, "SIGTERM");
    assert.equal(await exit, 0);
    const url = line.match(/(http:\/\/\S+)/)?.[1];
    await assert.rejects(fetch(`${url}/healthz`), TypeError);
  },
});
