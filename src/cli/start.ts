/**
 * `deno task start`: the demo model (as its own process, so it can be stopped or broken on its own)
 * and the Vigil service watching it with vigil.example.yaml.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { loadConfig } from "../config/load.ts";
import { DEMO_MODEL_NAME } from "../demo/app.ts";
import { demoReferenceRows } from "../demo/reference.ts";
import { startService } from "../server/service.ts";
import { numberOption, parse, stringOption } from "./args.ts";
import { untilSignal } from "./signals.ts";

/** Usage of `start`. */
export const HELP_TEXT = `Usage: deno task start [options]

Starts the demo model service and Vigil watching it (vigil.example.yaml), and prints both URLs.

Options:
  --config FILE       config file (default vigil.example.yaml; DEMO_URL is set to the demo's URL)
  --db FILE           SQLite database (default .vigil/vigil.db)
  --latency-ms X      demo: added latency per prediction
  --error-ratio R     demo: share of predictions answered with 503
  --drift             demo: drop words before scoring and skew the outputs (drift shows in a window or two)
  --traffic RPS       demo: simulated requests per second, forwarded to Vigil with some labels (default 50)
  -h, --help          show this help

Ports: VIGIL_PORT (default 8080) and DEMO_PORT (default 8081).
Stop the demo alone (kill its pid) to watch probes fail; Ctrl-C stops both.`;

/**
 * Runs `start` until a signal arrives.
 *
 * @param argv arguments after `start`
 * @returns the exit code
 */
export async function startCommand(argv: string[]): Promise<number> {
  const args = parse(argv, {
    config: { type: "string" },
    db: { type: "string" },
    "latency-ms": { type: "string" },
    "error-ratio": { type: "string" },
    drift: { type: "boolean" },
    traffic: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (args.values.help) {
    console.log(HELP_TEXT);
    return 0;
  }
  const vigilPort = Number(Deno.env.get("VIGIL_PORT") ?? 8080);
  const demoPort = Number(Deno.env.get("DEMO_PORT") ?? 8081);
  const demoArgs = ["demo", "--port", String(demoPort)];
  const latency = numberOption(args, "latency-ms", 0, 0, 600_000);
  const errorRatio = numberOption(args, "error-ratio", 0, 0, 1);
  if (latency > 0) demoArgs.push("--latency-ms", String(latency));
  if (errorRatio > 0) demoArgs.push("--error-ratio", String(errorRatio));
  if (args.values.drift) demoArgs.push("--drift");
  // The demo forwards its predictions to Vigil, which watches them for drift against the reference below.
  const traffic = numberOption(args, "traffic", 50, 0, 10_000);
  demoArgs.push("--vigil-url", `http://127.0.0.1:${vigilPort}`, "--traffic", String(traffic));
  for (const [name, port] of [["VIGIL_PORT", vigilPort], ["DEMO_PORT", demoPort]] as const) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      console.error(`Invalid ${name} "${Deno.env.get(name)}": expected a port from 1 to 65535`);
      return 2;
    }
  }

  const demoUrl = `http://127.0.0.1:${demoPort}`;
  const main = fileURLToPath(new URL("./main.ts", import.meta.url));
  const demo = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-read", "--allow-env", main, ...demoArgs],
    stdin: "null",
  }).spawn();
  let demoRunning = true;
  let stopping = false;
  const demoExit = demo.status.then((status) => {
    demoRunning = false;
    // On Ctrl-C the terminal signals the demo too, and it stops on its own as Vigil shuts down.
    if (stopping) return;
    console.log(
      `demo model (pid ${demo.pid}) exited with code ${status.code}; Vigil keeps probing and reports it`,
    );
  });
  if (!(await waitHealthy(`${demoUrl}/healthz`, 15_000, () => demoRunning))) {
    console.error(`The demo model did not become healthy at ${demoUrl}/healthz within 15 s`);
    if (demoRunning) demo.kill("SIGTERM");
    await demoExit;
    return 1;
  }

  const config = await loadConfig(stringOption(args, "config") ?? "vigil.example.yaml", {
    env: { ...Deno.env.toObject(), DEMO_URL: demoUrl },
  });
  const service = startService({
    config,
    port: vigilPort,
    dbPath: stringOption(args, "db") ?? config.storage.path,
  });
  const reference = await uploadDemoReference(service.url, config.models, config.server.token);
  console.log([
    ``,
    `  demo model   ${demoUrl}   (pid ${demo.pid}; POST /predict, GET /admin/faults)`,
    `  vigil        ${service.url}   (pid ${Deno.pid}; /metrics, /v1/probes, /v1/slo)`,
    `  drift        ${service.url}/v1/models/${DEMO_MODEL_NAME}/drift   (${reference})`,
    ``,
    `  ${config.probes.length} probes from ${config.source}; Ctrl-C stops both.`,
    ``,
  ].join("\n"));

  const signal = await untilSignal();
  stopping = true;
  console.log(`vigil: ${signal}, shutting down`);
  // The demo first: its last forwarded predictions must reach Vigil while Vigil still listens. In the
  // other order they were retried against a closed port until the forwarder's 5 s grace ran out.
  signalDemo(demo, "SIGTERM");
  let deadline: ReturnType<typeof setTimeout> | undefined;
  const stopped = await Promise.race([
    demoExit.then(() => true),
    new Promise<boolean>((resolve) => deadline = setTimeout(() => resolve(false), DEMO_STOP_MS)),
  ]);
  clearTimeout(deadline);
  if (!stopped) {
    signalDemo(demo, "SIGKILL");
    await demoExit;
  }
  await service.shutdown();
  return 0;
}

/** How long the demo may take to stop (its forwarder's grace is 5 s) before it is killed. */
const DEMO_STOP_MS = 8_000;

/** Signals the demo unless it has exited already (the terminal's Ctrl-C reaches it too). */
function signalDemo(demo: Deno.ChildProcess, signal: Deno.Signal): void {
  try {
    demo.kill(signal);
  } catch {
    // Already exited.
  }
}

async function waitHealthy(url: string, timeoutMs: number, alive: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Uploads the demo model's reference (its training corpus under the traffic mix), when the config watches it. */
async function uploadDemoReference(
  url: string,
  models: Record<string, unknown>,
  token?: string,
): Promise<string> {
  if (!Object.hasOwn(models, DEMO_MODEL_NAME)) return `the config declares no model "${DEMO_MODEL_NAME}"`;
  const rows = demoReferenceRows();
  const headers: Record<string, string> = { "content-type": "application/x-ndjson" };
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    const response = await fetch(`${url}/v1/models/${DEMO_MODEL_NAME}/reference`, {
      method: "POST",
      headers,
      body: rows.map((row) => JSON.stringify(row)).join("\n"),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return response.ok
      ? `reference: ${rows.length} rows of the training corpus`
      : `reference upload failed with ${response.status}: ${text}`;
  } catch (error) {
    return `reference upload failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}
