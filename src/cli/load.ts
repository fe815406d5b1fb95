/**
 * `deno task load SCRIPT`: runs a k6 script — the same file k6 runs — with honest percentiles, and exits
 * with k6's codes: 0 pass, 99 thresholds failed, 100/101 setup()/teardown() timed out, 104 invalid
 * config, 105 stopped by Ctrl-C, 107 script exception, 108 aborted by the script, 110 marked as failed.
 *
 * @module
 */
import { EXIT, type LoadRunResult, runLoad, type RunTick, type SampleMetricInfo } from "../load/engine.ts";
import { liveMetricValues } from "../load/live_metrics.ts";
import { onStopSignals } from "./signals.ts";
import { METRICS_CONTENT_TYPE } from "../metrics/registry.ts";
import { renderLoadExposition } from "../metrics/load_exposition.ts";
import { basename } from "node:path";
import { progressReporter } from "../load/progress.ts";
import { findMaxRate } from "../load/find_max.ts";
import { parseGoDuration } from "../load/duration.ts";
import { formatTable } from "./table.ts";
import { renderSummary, summaryExport } from "../load/summary.ts";
import { renderReport, type ReportMeta } from "../load/report/mod.ts";
import { intOption, listOption, parse, stringOption, UsageError } from "./args.ts";
import { writeOutput } from "./output.ts";
import { junitXml } from "./junit.ts";
import { fromInvocationDir } from "./invocation_dir.ts";

/** Usage of `load`. */
export const HELP_TEXT = `Usage: deno task load SCRIPT [options]

Runs a k6 script (k6's options, executors, checks and thresholds) against a target.

Options:
  --target URL            sets __ENV.TARGET (scripts read the endpoint from it)
  -e, --env K=V           sets __ENV.K (repeatable)
  --vus N                 override the script's VUs (k6 shortcut)
  --duration D            override the script's duration, e.g. 30s (k6 shortcut)
  --iterations N          override the script's iterations (k6 shortcut)
  --queue-late            arrival-rate executors: a late iteration waits for a VU instead of being dropped
  --find-max              capacity search: the highest constant arrival rate at which the thresholds
                          hold (and nothing is dropped); doubles, then bisects
  --find-max-from N       first rate tried, iterations/s (default 10)
  --find-max-to N         highest rate tried (default 5000)
  --find-max-step D       how long each step runs (default 10s); with --find-max, --summary-export writes
                          the steps and the answer ({max_rate, failed_at, steps})
  --summary-export FILE   write the end-of-test summary as JSON (k6's format)
  --junit FILE            write a JUnit XML report: a test case per threshold
  --report FILE           write a self-contained HTML report: verdict, thresholds, charts, checks
  --out json=FILE         write every sample as k6's JSON lines ({"metric","type":"Point","data":{time,value,tags}})
  --metrics-port N        serve the live metrics at http://127.0.0.1:N/metrics while the test runs
  --quiet                 no progress line
  -h, --help              show this help

Exit codes: 0 passed, 99 thresholds failed, 100 setup() timed out, 101 teardown() timed out,
104 invalid config, 105 stopped (Ctrl-C), 107 script exception, 108 aborted by the script,
110 marked as failed (exec.test.fail()).`;

/**
 * Runs `load`.
 *
 * @param argv arguments after `load`
 * @returns the exit code
 */
export async function loadCommand(argv: string[]): Promise<number> {
  const args = parse(argv, {
    target: { type: "string" },
    env: { type: "string", short: "e", multiple: true },
    vus: { type: "string" },
    duration: { type: "string" },
    iterations: { type: "string" },
    "queue-late": { type: "boolean" },
    "find-max": { type: "boolean" },
    "find-max-from": { type: "string" },
    "find-max-to": { type: "string" },
    "find-max-step": { type: "string" },
    "summary-export": { type: "string" },
    junit: { type: "string" },
    report: { type: "string" },
    quiet: { type: "boolean", short: "q" },
    "metrics-port": { type: "string" },
    out: { type: "string", short: "o" },
    help: { type: "boolean", short: "h" },
  }, { positionals: 1 });
  if (args.values.help) {
    console.log(HELP_TEXT);
    return 0;
  }
  const [scriptArg] = args.positionals;
  if (scriptArg === undefined) throw new UsageError("Missing SCRIPT: which k6 script to run");
  const script = fromInvocationDir(scriptArg);
  const outputPath = (flag: string) => {
    const value = stringOption(args, flag);
    return value === undefined ? undefined : fromInvocationDir(value);
  };

  // As k6, __ENV starts from the process environment; -e and --target override it.
  const env: Record<string, string> = { ...Deno.env.toObject() };
  for (const pair of listOption(args, "env")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`Invalid -e "${pair}": expected KEY=VALUE`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const target = stringOption(args, "target");
  if (target !== undefined) {
    if (!/^https?:\/\/[^/]/.test(target)) {
      throw new UsageError(`Invalid --target "${target}": expected an http(s) URL`);
    }
    env.TARGET = target;
  }
  const overrides: { vus?: number; duration?: string; iterations?: number } = {};
  if (stringOption(args, "vus") !== undefined) overrides.vus = intOption(args, "vus", 1, 1, 1_000_000);
  if (stringOption(args, "iterations") !== undefined) {
    overrides.iterations = intOption(args, "iterations", 1, 1, Number.MAX_SAFE_INTEGER);
  }
  const duration = stringOption(args, "duration");
  if (duration !== undefined) overrides.duration = duration;

  const stop = new AbortController();
  const stopListening = onStopSignals(() => {
    console.error(
      "\nStopping: running iterations are interrupted, then teardown() and the summary (Ctrl-C again to quit now)",
    );
    stop.abort();
  }, () => Deno.exit(EXIT.externalAbort)); // a second Ctrl-C does not wait
  // Until the summary is out: the second copy of a Ctrl-C can arrive after the run has ended.
  try {
    const quiet = args.values.quiet === true;
    if (args.values["find-max"] === true) {
      // The search shapes the traffic itself and reports steps, not one run: these would do nothing.
      const unused = ["vus", "duration", "iterations", "queue-late", "junit", "report", "out", "metrics-port"]
        .filter((flag) => args.values[flag] !== undefined);
      if (unused.length > 0) {
        throw new UsageError(
          `--find-max cannot be combined with ${unused.map((flag) => `--${flag}`).join(", ")}`,
        );
      }
      const from = intOption(args, "find-max-from", 10, 1, 1_000_000);
      const to = intOption(args, "find-max-to", 5000, 1, 1_000_000);
      if (from > to) throw new UsageError(`--find-max-from ${from} is above --find-max-to ${to}`);
      const step = stringOption(args, "find-max-step") ?? "10s";
      let stepMs: number;
      try {
        stepMs = parseGoDuration(step);
      } catch {
        throw new UsageError(`Invalid --find-max-step "${step}": expected a duration such as 10s or 1m`);
      }
      if (!(stepMs >= 1000)) throw new UsageError(`--find-max-step ${step} is too short: at least 1s`);
      return await capacitySearch(script, env, stop.signal, {
        from,
        to,
        stepMs,
        summaryExport: outputPath("summary-export"),
      });
    }
    const encoder = new TextEncoder();
    const progress = progressReporter(
      Deno.stderr.isTerminal(),
      (text) => Deno.stderr.writeSync(encoder.encode(text)),
    );
    const startedAt = new Date();
    let live: RunTick | null = null;
    const metricsPort = stringOption(args, "metrics-port") === undefined
      ? undefined
      : intOption(args, "metrics-port", 0, 1, 65535);
    const exporter = metricsPort === undefined
      ? null
      : await startOrExplain("--metrics-port", () => serveLiveMetrics(metricsPort, script, () => live));
    if (exporter === undefined) return EXIT_OUTPUT;
    const out = stringOption(args, "out");
    if (out !== undefined && !out.startsWith("json=")) {
      throw new UsageError(`Invalid --out "${out}": only json=FILE is supported`);
    }
    const samples = out === undefined
      ? null
      : await startOrExplain("--out", () =>
        openSampleFile(out === "json=-" ? "-" : fromInvocationDir(out.slice(5))));
    if (samples === undefined) {
      await exporter?.shutdown();
      return EXIT_OUTPUT;
    }
    let result: LoadRunResult;
    try {
      result = await runLoad({
        ...(samples === null ? {} : { onSample: samples.write }),
        scriptPath: script,
        env,
        overrides,
        queueLate: args.values["queue-late"] === true,
        signal: stop.signal,
        // Only the HTML report draws it.
        timeline: args.values.report !== undefined,
        onTick: (tick) => {
          live = tick;
          if (!quiet) progress.tick(tick);
        },
      });
    } finally {
      await samples?.close();
      await exporter?.shutdown();
      progress.done();
    }
    return await report(result, {
      summaryExport: outputPath("summary-export"),
      junit: outputPath("junit"),
      report: outputPath("report"),
    }, { script, startedAt, command: commandLine(argv), ...(target === undefined ? {} : { target }) });
  } finally {
    stopListening();
  }
}

function commandLine(argv: string[]): string {
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`);
  return ["deno", "task", "load", ...argv].map(quote).join(" ");
}

async function report(
  result: LoadRunResult,
  files: { summaryExport: string | undefined; junit: string | undefined; report: string | undefined },
  meta: ReportMeta,
): Promise<number> {
  if (result.summary === null) {
    const kind = result.exitCode === EXIT.invalidConfig ? "Invalid configuration" : "Script error";
    console.error(`${kind}:\n${result.error ?? "unknown error"}`);
    if (files.report !== undefined) {
      console.error(`No report written to ${files.report}: the run never started`);
    }
    return result.exitCode;
  }
  const custom = result.handleSummary;
  if (custom !== undefined && custom !== null && typeof custom === "object") {
    // handleSummary() decides the output, as in k6: stdout, stderr, or files.
    for (const [where, content] of Object.entries(custom as Record<string, unknown>)) {
      const text = typeof content === "string" ? content : JSON.stringify(content);
      if (where === "stdout") console.log(text);
      else if (where === "stderr") console.error(text);
      else await writeOutput("the handleSummary() output", fromInvocationDir(where), () => text);
    }
  } else {
    console.log(`\n${renderSummary(result.summary)}`);
  }
  if (result.abortReason !== null) console.error(`Test ended early: ${result.abortReason}`);
  if (result.error !== null) console.error(result.error);
  if (files.summaryExport !== undefined) {
    await writeOutput("--summary-export", files.summaryExport, () => summaryExport(result.summary!));
  }
  if (files.junit !== undefined) {
    const cases = Object.entries(result.summary.metrics).flatMap(([name, metric]) =>
      metric.thresholds.map((t) => ({
        name: `${name}: ${t.source}`,
        classname: "thresholds",
        ...(t.ok ? {} : { failure: { message: `${name} ${t.source} failed` } }),
      }))
    );
    await writeOutput("--junit", files.junit, () => junitXml("vigil load", cases));
  }
  if (files.report !== undefined) {
    if (await writeOutput("--report", files.report, () => renderReport(result, meta))) {
      console.error(`Report written to ${files.report}`);
    }
  }
  return result.exitCode;
}

/**
 * The exit code when an output cannot be set up before the run (k6 fails then too, before any
 * traffic); written after a run, a failed output only logs, and the run's own code stands, as in k6.
 */
const EXIT_OUTPUT = 2;

/** Starts an output; on failure prints what and why, and returns undefined. */
async function startOrExplain<T>(flag: string, start: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await start();
  } catch (error) {
    console.error(`Cannot start ${flag}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function capacitySearch(
  script: string,
  env: Record<string, string>,
  signal: AbortSignal,
  options: { from: number; to: number; stepMs: number; summaryExport: string | undefined },
): Promise<number> {
  const seconds = options.stepMs / 1000;
  console.error(
    `Capacity search: constant-arrival-rate steps of ${seconds} s from ${options.from}/s to at most ${options.to}/s`,
  );
  const result = await findMaxRate({ scriptPath: script, env, signal, log: () => {} }, {
    fromRate: options.from,
    toRate: options.to,
    stepMs: options.stepMs,
    onStep: (step) =>
      console.error(
        `  ${String(step.rate).padStart(6)}/s  ${step.pass ? "✓ pass" : `✗ fail: ${step.reason}`}`,
      ),
  });
  if (result.error !== null) {
    console.error(result.error);
    return result.exitCode;
  }
  const ms = (value: number | null) => (value === null ? "-" : `${value.toFixed(1)} ms`);
  console.log(formatTable(
    ["RATE", "ACHIEVED", "P95", "ERRORS", "VERDICT"],
    result.steps.map((s) => [
      `${s.rate}/s`,
      s.achievedRate === null ? "-" : `${s.achievedRate.toFixed(1)}/s`,
      ms(s.p95Ms),
      s.errorRate === null ? "-" : `${(s.errorRate * 100).toFixed(2)}%`,
      s.pass ? "✓ pass" : `✗ ${s.reason}`,
    ]),
  ));
  if (result.interrupted) {
    console.log(
      `\n✗ Stopped before the search ended${
        result.maxRate === null ? "" : `: the highest rate that passed so far was ${result.maxRate}/s`
      }`,
    );
  } else if (result.maxRate === null) {
    console.log(`\n✗ No rate passed: even ${options.from}/s breaks the thresholds`);
  } else {
    const bound = result.failedAt === null
      ? ` (still passing at the upper bound ${options.to}/s)`
      : ` (fails at ${result.failedAt}/s)`;
    console.log(`\n✓ Highest rate that holds the thresholds: ${result.maxRate}/s${bound}`);
  }
  if (options.summaryExport !== undefined) {
    await writeOutput("--summary-export", options.summaryExport, () =>
      JSON.stringify(
        {
          max_rate: result.maxRate,
          failed_at: result.failedAt,
          interrupted: result.interrupted,
          steps: result.steps,
        },
        null,
        2,
      ));
  }
  return result.exitCode;
}

/** Serves the running test's metrics for Prometheus on 127.0.0.1 (loopback only: it is a test tool). */
function serveLiveMetrics(port: number, script: string, current: () => RunTick | null): Deno.HttpServer {
  return Deno.serve({
    hostname: "127.0.0.1",
    port,
    onListen: ({ port }) => console.error(`metrics: http://127.0.0.1:${port}/metrics`),
  }, (request) => {
    if (new URL(request.url).pathname !== "/metrics") return new Response("not found", { status: 404 });
    const tick = current();
    const body = tick === null
      ? ""
      : renderLoadExposition(liveMetricValues(tick.registry, tick.elapsedMs / 1000), {
        script: basename(script),
      });
    return new Response(body, { headers: { "content-type": METRICS_CONTENT_TYPE } });
  });
}

/** k6's JSON output: one line per sample, written in 64 KiB blocks so a busy run is not slowed by I/O. */
/**
 * k6's JSON output: a `Metric` line before each metric's first `Point`, then one line per sample.
 * `-` writes to stdout; a name ending in `.gz` is gzipped, as in k6.
 */
async function openSampleFile(path: string) {
  let sink: WritableStream<Uint8Array>;
  let done: Promise<void> = Promise.resolve();
  let closeSink = true;
  if (path === "-") {
    sink = Deno.stdout.writable;
    closeSink = false; // stdout outlives the run
  } else {
    const file = await Deno.open(path, { write: true, create: true, truncate: true });
    if (path.endsWith(".gz")) {
      const gzip = new CompressionStream("gzip");
      done = gzip.readable.pipeTo(file.writable);
      done.catch(() => {}); // its failure surfaces in close(); unhandled meanwhile, it would end the run
      sink = gzip.writable as WritableStream<Uint8Array>;
    } else {
      sink = file.writable;
    }
  }
  const writer = sink.getWriter();
  const encoder = new TextEncoder();
  const described = new Set<string>();
  let pending: string[] = [];
  let size = 0;
  let flushing = Promise.resolve();
  // A write that fails mid-run (disk full) stops the output, says so once, and leaves the run alone.
  let failed = false;
  const flush = () => {
    const bytes = encoder.encode(pending.join(""));
    pending = [];
    size = 0;
    if (failed) return;
    flushing = flushing.then(() => writer.write(bytes)).catch((error) => {
      if (!failed) console.error(`--out stopped: ${error instanceof Error ? error.message : String(error)}`);
      failed = true;
    });
  };
  return {
    write(metric: string, value: number, tags: Readonly<Record<string, string>>, info: SampleMetricInfo) {
      if (!described.has(metric)) {
        described.add(metric);
        const data = {
          name: metric,
          type: info.type,
          contains: info.contains,
          thresholds: info.thresholds,
          submetrics: info.submetrics,
        };
        pending.push(JSON.stringify({ type: "Metric", data, metric }) + "\n");
      }
      const line =
        JSON.stringify({ metric, type: "Point", data: { time: new Date().toISOString(), value, tags } }) +
        "\n";
      pending.push(line);
      size += line.length;
      if (size >= 65_536) flush();
    },
    async close() {
      flush();
      await flushing;
      try {
        if (closeSink) await writer.close();
        else writer.releaseLock();
        await done;
      } catch (error) {
        if (!failed) {
          console.error(
            `--out could not be finished: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    },
  };
}
