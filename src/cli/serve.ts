/**
 * `deno task serve`: the long-running service — probes on schedule, /metrics, the API — until SIGINT
 * or SIGTERM, then a graceful shutdown.
 *
 * @module
 */
import { loadConfig } from "../config/load.ts";
import { startService } from "../server/service.ts";
import { intOption, parse, stringOption } from "./args.ts";
import { resolveConfigPath } from "./config_path.ts";
import { untilSignal } from "./signals.ts";

/** Usage of `serve`. */
export const HELP_TEXT = `Usage: deno task serve [options]

Runs the Vigil service: every probe on its schedule, results stored, /metrics and the API served.

Options:
  --config FILE   config file (default: $VIGIL_CONFIG, ./vigil.yaml, else vigil.example.yaml)
  --port N        listen port (default: $VIGIL_PORT, else server.port of the config, else 8080)
  --hostname H    listen address (default: server.hostname of the config, else 127.0.0.1)
  --db FILE       SQLite database (default: storage.path of the config, .vigil/vigil.db)
  -h, --help      show this help

Stops gracefully on SIGINT/SIGTERM: no new runs, in-flight probes finish (bounded), the store closes.`;

/**
 * Runs `serve` until a signal arrives.
 *
 * @param argv arguments after `serve`
 * @returns the exit code
 */
export async function serveCommand(argv: string[]): Promise<number> {
  const args = parse(argv, {
    config: { type: "string" },
    port: { type: "string" },
    hostname: { type: "string" },
    db: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (args.values.help) {
    console.log(HELP_TEXT);
    return 0;
  }
  const config = await loadConfig(resolveConfigPath(stringOption(args, "config")));
  const envPort = Deno.env.get("VIGIL_PORT");
  const port = intOption(args, "port", envPort ? Number(envPort) : config.server.port, 0, 65535);
  const dbPath = stringOption(args, "db") ?? config.storage.path;
  const hostname = stringOption(args, "hostname");
  const service = startService({ config, port, dbPath, ...(hostname === undefined ? {} : { hostname }) });
  console.log(
    `vigil ${config.probes.length} probes from ${config.source}, store ${dbPath}, listening on ${service.url}` +
      ` (metrics ${service.url}/metrics, SLOs ${service.url}/v1/slo)`,
  );
  const signal = await untilSignal();
  console.log(`vigil: ${signal}, shutting down`);
  await service.shutdown();
  return 0;
}
