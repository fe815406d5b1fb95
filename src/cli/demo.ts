/**
 * `vigil demo`: runs the embedded demo model service until interrupted.
 *
 * @module
 */
import { intOption, numberOption, parse, UsageError } from "./args.ts";
import { createFaults, describeFaults, type Faults, MAX_LATENCY_MS } from "../demo/faults.ts";
import { type DemoServer, startDemo } from "../demo/server.ts";
import { onStopSignals } from "./signals.ts";

/** Usage of the `demo` command. */
export const HELP_TEXT = `Usage: vigil demo [options]

Runs the demo model service: a naive Bayes sentiment classifier trained at start-up, with fault injection
for trying out probes, load tests and drift detection.

Options:
  --port N           port to listen on, 0 for any free port (default: $DEMO_PORT, else 8081)
  --hostname H       interface to bind (default: 127.0.0.1)
  --latency-ms X     delay added to every /predict, in milliseconds (default: 0)
  --error-ratio R    share of /predict requests answered 503, from 0 to 1 (default: 0)
  --drift            serve drifted predictions: words lost before scoring, skewed toward "negative",
                     lower confidence
  --vigil-url URL    forward predictions to Vigil at URL (POST /v1/predictions; $VIGIL_TOKEN as token)
  --sample-rate R    share of predictions forwarded, from 0 to 1 (default: 1)
  --traffic RPS      simulated users: RPS requests per second drawn from the training corpus; with
                     --vigil-url, a fifth of them also send their true label to /v1/feedback
  --help             show this help

Routes: POST /predict {"text": "...", "channel": "web"}, GET /metrics, GET /healthz, GET and POST /admin/faults
(e.g. {"latency_ms": 200, "error_ratio": 0.1, "drift": true}) to change faults while running.
Stops on SIGINT or SIGTERM.`;

/** Port used when neither --port nor DEMO_PORT is given. */
export const DEFAULT_DEMO_PORT = 8081;

/** What `demo` should do, as parsed from its arguments. */
export interface DemoConfig {
  /** Show the help instead of running. */
  help: boolean;
  /** Interface to bind. */
  hostname: string;
  /** Port to bind; 0 for any free port. */
  port: number;
  /** Initial faults. */
  faults: Faults;
  /** Vigil's base URL, to forward predictions (and simulated labels) to. */
  vigilUrl?: string;
  /** Share of predictions forwarded. */
  sampleRate?: number;
  /** Simulated requests per second. */
  traffic?: number;
}

/** Options for {@linkcode parseDemoArgs}. */
export interface ParseDemoArgsOptions {
  /** The `DEMO_PORT` environment variable, if set. */
  demoPort?: string | undefined;
}

/** Test seams for {@linkcode demoCommand}; the defaults are the real process. */
export interface DemoCommandOptions {
  /** Stops the service when aborted, as SIGINT or SIGTERM do. */
  signal?: AbortSignal;
  /** Prints a line; console.log unless given. */
  print?: (line: string) => void;
  /** The `DEMO_PORT` environment variable; read from the environment unless given. */
  demoPort?: string | undefined;
  /** The `VIGIL_TOKEN` environment variable; read from the environment unless given. */
  vigilToken?: string;
}

/**
 * Parses the `demo` command's arguments.
 *
 * @param argv the arguments after `demo`
 * @param options the environment it falls back on
 * @returns the configuration; throws a UsageError for bad values
 * @example
 * ```ts
 * import { parseDemoArgs } from "./demo.ts";
 * import assert from "node:assert/strict";
 * const config = parseDemoArgs(["--error-ratio", "0.2", "--drift"], { demoPort: "9000" });
 * assert.equal(config.port, 9000);
 * assert.deepEqual(config.faults, { latencyMs: 0, errorRatio: 0.2, drift: true });
 * ```
 */
export function parseDemoArgs(argv: string[], options: ParseDemoArgsOptions = {}): DemoConfig {
  const args = parse(argv, {
    port: { type: "string" },
    hostname: { type: "string" },
    "latency-ms": { type: "string" },
    "error-ratio": { type: "string" },
    drift: { type: "boolean" },
    "vigil-url": { type: "string" },
    "sample-rate": { type: "string" },
    traffic: { type: "string" },
    help: { type: "boolean", short: "h" },
  });

  let fallbackPort = DEFAULT_DEMO_PORT;
  if (options.demoPort !== undefined && options.demoPort !== "") {
    fallbackPort = Number(options.demoPort);
    if (!Number.isInteger(fallbackPort) || fallbackPort < 0 || fallbackPort > 65535) {
      throw new UsageError(
        `Invalid DEMO_PORT "${options.demoPort}": expected a whole number from 0 to 65535`,
      );
    }
  }
  const hostname = typeof args.values.hostname === "string" ? args.values.hostname : "127.0.0.1";
  if (hostname === "") throw new UsageError(`Invalid --hostname "": expected an interface name or address`);
  const config: DemoConfig = {
    help: args.values.help === true,
    hostname,
    port: intOption(args, "port", fallbackPort, 0, 65535),
    faults: createFaults({
      latencyMs: numberOption(args, "latency-ms", 0, 0, MAX_LATENCY_MS),
      errorRatio: numberOption(args, "error-ratio", 0, 0, 1),
      drift: args.values.drift === true,
    }),
  };
  const vigilUrl = args.values["vigil-url"];
  if (typeof vigilUrl === "string") {
    if (!/^https?:\/\/[^\s]+$/.test(vigilUrl)) {
      throw new UsageError(`Invalid --vigil-url "${vigilUrl}": expected an http:// or https:// URL`);
    }
    config.vigilUrl = vigilUrl;
  }
  if (args.values["sample-rate"] !== undefined) {
    config.sampleRate = numberOption(args, "sample-rate", 1, 0, 1);
  }
  if (args.values.traffic !== undefined) config.traffic = numberOption(args, "traffic", 0, 0, 10_000);
  return config;
}

/**
 * Describes a running demo service in one line.
 *
 * @param server the running service
 * @returns e.g. `demo model nb-1a2b3c4d listening on http://127.0.0.1:8081 (latency 0 ms, error ratio 0, drift off)`
 * @example
 * ```ts
 * import { describeDemo } from "./demo.ts";
 * import { createFaults } from "../demo/faults.ts";
 * import assert from "node:assert/strict";
 * const line = describeDemo({ modelVersion: "nb-1", url: "http://127.0.0.1:1", faults: createFaults() });
 * assert.equal(line, "demo model nb-1 listening on http://127.0.0.1:1 (latency 0 ms, error ratio 0, drift off)");
 * ```
 */
export function describeDemo(server: Pick<DemoServer, "modelVersion" | "url" | "faults">): string {
  return `demo model ${server.modelVersion} listening on ${server.url} (${describeFaults(server.faults)})`;
}

/**
 * Runs the demo model service until SIGINT or SIGTERM, then shuts it down gracefully.
 *
 * @param argv the arguments after `demo`
 * @param options test seams: a stop signal, a printer, the environment
 * @returns the exit code, 0; usage mistakes throw a UsageError
 * @example
 * ```ts
 * import { demoCommand } from "./demo.ts";
 * import assert from "node:assert/strict";
 * const lines: string[] = [];
 * assert.equal(await demoCommand(["--help"], { print: (line) => lines.push(line) }), 0);
 * assert.match(lines.join("\n"), /--error-ratio/);
 * ```
 */
export async function demoCommand(argv: string[], options: DemoCommandOptions = {}): Promise<number> {
  const print = options.print ?? console.log;
  const demoPort = "demoPort" in options ? options.demoPort : Deno.env.get("DEMO_PORT");
  const config = parseDemoArgs(argv, { demoPort });
  if (config.help) {
    print(HELP_TEXT);
    return 0;
  }

  // Listening for signals before the socket opens means an early Ctrl-C still shuts down cleanly.
  const { promise: stopped, resolve: stop } = Promise.withResolvers<void>();
  const onSignal = () => stop();
  // A separate second Ctrl-C leaves at once; the copy deno task forwards of the first does not.
  const stopListening = onStopSignals(onSignal, () => Deno.exit(130));
  options.signal?.addEventListener("abort", onSignal, { once: true });
  if (options.signal?.aborted) stop();
  try {
    const token = options.vigilToken ?? Deno.env.get("VIGIL_TOKEN");
    const vigil = config.vigilUrl;
    const server = await startDemo({
      hostname: config.hostname,
      port: config.port,
      faults: config.faults,
      ...(vigil === undefined ? {} : {
        forward: { url: vigil, sampleRate: config.sampleRate ?? 1, ...(token ? { token } : {}) },
      }),
      ...(config.traffic === undefined || config.traffic === 0 ? {} : {
        traffic: {
          rps: config.traffic,
          ...(vigil === undefined ? {} : { feedbackUrl: vigil }),
          ...(token ? { token } : {}),
        },
      }),
    });
    try {
      print(describeDemo(server));
      await stopped;
    } finally {
      await server.shutdown();
    }
  } finally {
    stopListening();
    options.signal?.removeEventListener("abort", onSignal);
  }
  return 0;
}
