/** `deno task load … --report FILE`: written whatever the verdict, never for a run that did not start. */
import assert from "assert";
import { loadCommand } from "../../src/cli/load.ts";
import { fixture, serveTarget } from "../_helpers/load.ts";

/** Runs `load` in-process with console output captured. */
async function load(argv: string[]): Promise<{ code: number; stderr: string }> {
  const { log, error } = console;
  const lines: string[] = [];
  console.log = () => {};
  console.error = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  try {
    return { code: await loadCommand(argv), stderr: lines.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

Deno.test("load --report writes the HTML report when thresholds fail (exit 99)", async () => {
  // thresholds_fail.js asks for p(95)<1 ms; every answer takes 20 ms.
  const target = serveTarget(async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return new Response("ok");
  });
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/report.html`;
    const { code, stderr } = await load([
      fixture("thresholds_fail.js"),
      "--target",
      target.url,
      "--report",
      file,
      "--quiet",
    ]);
    assert.equal(code, 99);
    assert.match(stderr, new RegExp(`Report written to ${file}`));
    const page = await Deno.readTextFile(file);
    assert.match(page, /data-verdict="FAIL" data-exit-code="99"/);
    assert.match(page, /thresholds_fail\.js/);
    assert.ok(page.includes(target.url), "the target is named");
    assert.match(page, /deno task load \S+thresholds_fail\.js --target http:\/\/127\.0\.0\.1:\d+ --report/);
  } finally {
    await target.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("load --report writes nothing when the run never started, and says so", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/report.html`;
    const { code, stderr } = await load([fixture("bad_threshold.js"), "--report", file, "--quiet"]);
    assert.equal(code, 104);
    assert.match(stderr, /No report written to .*report\.html: the run never started/);
    await assert.rejects(Deno.stat(file), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an output file that cannot be written is reported, the others are written, and the exit code stands", async () => {
  const target = serveTarget(async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return new Response("ok");
  });
  const dir = await Deno.makeTempDir();
  try {
    const { code, stderr } = await load([
      fixture("thresholds_fail.js"),
      "--target",
      target.url,
      "--summary-export",
      `${dir}/missing/summary.json`,
      "--junit",
      `${dir}/junit.xml`,
      "--report",
      `${dir}/report.html`,
      "--quiet",
    ]);
    assert.equal(code, 99, "the thresholds' verdict, not a crash");
    assert.match(stderr, /Could not write --summary-export .*missing\/summary\.json/);
    assert.match(await Deno.readTextFile(`${dir}/junit.xml`), /<testsuite/);
    assert.match(await Deno.readTextFile(`${dir}/report.html`), /data-exit-code="99"/);
  } finally {
    await target.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an output that cannot start stops the run before any traffic, naming the flag", async () => {
  let requests = 0;
  const target = serveTarget(() => {
    requests++;
    return new Response("ok");
  });
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = (taken.addr as Deno.NetAddr).port;
    const busy = await load([
      fixture("thresholds_fail.js"),
      "--target",
      target.url,
      "--metrics-port",
      String(port),
    ]);
    assert.equal(busy.code, 2);
    assert.match(busy.stderr, /Cannot start --metrics-port: .*(in use|Address)/i);
    const out = await load([
      fixture("thresholds_fail.js"),
      "--target",
      target.url,
      "--out",
      "json=/nonexistent/x.json",
    ]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /Cannot start --out: /);
    assert.equal(requests, 0);
  } finally {
    taken.close();
    await target.close();
  }
});

Deno.test("--find-max refuses flags it would ignore and bounds that make no sense, before any traffic", async () => {
  const script = fixture("find_max.js");
  const cases: [string[], RegExp][] = [
    [["--junit", "j.xml"], /--find-max cannot be combined with --junit/],
    [["--vus", "5", "--report", "r.html"], /cannot be combined with --vus, --report/],
    [["--find-max-from", "100", "--find-max-to", "50"], /--find-max-from 100 is above --find-max-to 50/],
    [["--find-max-step", "abc"], /Invalid --find-max-step "abc"/],
    [["--find-max-step", "200ms"], /too short/],
  ];
  for (const [flags, message] of cases) {
    await assert.rejects(
      loadCommand([script, "--target", "http://127.0.0.1:9", "--find-max", ...flags]),
      message,
    );
  }
});

Deno.test("--out json writes k6's JSON lines: a Metric line before each metric's first Point; .gz is gzipped", async () => {
  const target = serveTarget(() => new Response("ok"));
  const dir = await Deno.makeTempDir();
  try {
    for (const name of ["samples.json", "samples.json.gz"]) {
      const { code } = await load([
        fixture("thresholds_fail.js"),
        "--target",
        target.url,
        "--out",
        `json=${dir}/${name}`,
        "--quiet",
      ]);
      assert.ok(code === 0 || code === 99, `exit ${code}`);
      let bytes = await Deno.readFile(`${dir}/${name}`);
      if (name.endsWith(".gz")) {
        assert.deepEqual([...bytes.subarray(0, 2)], [0x1f, 0x8b], "gzip magic");
        bytes = new Uint8Array(
          await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")))
            .arrayBuffer(),
        );
      }
      const lines = new TextDecoder().decode(bytes).trim().split("\n").map((line) => JSON.parse(line));
      const described = new Set<string>();
      for (const line of lines) {
        if (line.type === "Metric") {
          assert.equal(line.metric, line.data.name);
          assert.ok(["counter", "gauge", "rate", "trend"].includes(line.data.type), JSON.stringify(line));
          assert.ok(["default", "time", "data"].includes(line.data.contains), JSON.stringify(line));
          described.add(line.metric);
        } else {
          assert.equal(line.type, "Point");
          assert.ok(described.has(line.metric), `a Point of ${line.metric} before its Metric line`);
          assert.equal(typeof line.data.value, "number");
          assert.ok(!Number.isNaN(Date.parse(line.data.time)));
        }
      }
      const duration = lines.find((line) => line.type === "Metric" && line.metric === "http_req_duration");
      assert.deepEqual(duration.data.thresholds, ["p(95)<1"], "the metric's thresholds, as in k6");
      assert.ok(lines.some((line) => line.type === "Point" && line.metric === "http_reqs"));
    }
  } finally {
    await target.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--out that fails mid-run (disk full) stops, says so, and the run still ends with its summary and code", async () => {
  const target = serveTarget(() => new Response("ok"));
  try {
    const { code, stderr } = await load([
      fixture("thresholds_fail.js"),
      "--target",
      target.url,
      "--out",
      "json=/dev/full",
      "--quiet",
    ]);
    assert.ok(code === 0 || code === 99, `exit ${code}`);
    assert.match(stderr, /--out stopped: No space left on device/);
  } finally {
    await target.close();
  }
});
