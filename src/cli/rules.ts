/**
 * `deno task rules`: writes what watches the SLOs in production — Prometheus rules and prometheus.yml,
 * alertmanager.yml, Grafana dashboards and provisioning, compose.yaml — generated from the config.
 *
 * @module
 */
import { join, relative } from "node:path";
import { loadConfig } from "../config/load.ts";
import { deployFiles } from "../slo/generate/bundle.ts";
import { parse, stringOption, UsageError } from "./args.ts";
import { resolveConfigPath } from "./config_path.ts";
import { writeOutput } from "./output.ts";

/** Usage of `rules`. */
export const HELP_TEXT = `Usage: deno task rules [options] --out DIR

Generates, from the SLOs and alerting of the config:
  rules/vigil_slos.yaml    recording rules (Sloth-compatible names) and burn-rate, no-data alerts per SLO
  rules/vigil_ml.yaml      drift, accuracy, low-confidence, probe and TLS alerts
  prometheus.yml           scrapes Vigil and the instrumented service, loads the rules
  alertmanager.yml         routes by severity, inhibition, receivers
  grafana/                 dashboards (JSON) and provisioning
  compose.yaml             the demo, Vigil, Prometheus, Alertmanager and Grafana together

Options:
  --config FILE                  config file (default: $VIGIL_CONFIG, ./vigil.yaml, else vigil.example.yaml)
  --out DIR                      where to write (created if missing; other files there are left alone)
  --vigil-address HOST:PORT      Vigil as Prometheus reaches it (default: vigil:<server.port>)
  --alertmanager-address H:P     Alertmanager as Prometheus reaches it (default: alertmanager:9093)
  --check                        write nothing; exit 1 if DIR differs from what would be written
  -h, --help                     show this help

Exit codes: 0 written (or up to date), 1 --check found differences, 2 bad config or arguments (or a file
under --out that cannot be written, named with the cause).`;

/**
 * Runs `rules`.
 *
 * @param argv arguments after `rules`
 * @returns the exit code
 */
export async function rulesCommand(argv: string[]): Promise<number> {
  const args = parse(argv, {
    config: { type: "string" },
    out: { type: "string" },
    "vigil-address": { type: "string" },
    "alertmanager-address": { type: "string" },
    check: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (args.values.help) {
    console.log(HELP_TEXT);
    return 0;
  }
  const out = stringOption(args, "out");
  if (out === undefined || out === "") {
    throw new UsageError("Missing --out: expected the directory to write to");
  }
  const configPath = resolveConfigPath(stringOption(args, "config"));
  const config = await loadConfig(configPath);
  const vigilAddress = stringOption(args, "vigil-address");
  const alertmanagerAddress = stringOption(args, "alertmanager-address");
  const files = deployFiles(config, {
    source: configPath,
    // Relative, so the compose file works wherever the repository is checked out.
    buildContext: relative(out, ".") || ".",
    configFile: relative(out, configPath),
    ...(vigilAddress === undefined ? {} : { vigilAddress }),
    ...(alertmanagerAddress === undefined ? {} : { alertmanagerAddress }),
  });

  if (args.values.check === true) {
    const stale: string[] = [];
    for (const [path, text] of Object.entries(files)) {
      const current = await Deno.readTextFile(join(out, path)).catch(() => undefined);
      if (current !== text) stale.push(path);
    }
    if (stale.length > 0) {
      console.error(`${out} is out of date with ${configPath}: ${stale.join(", ")}`);
      return 1;
    }
    console.log(`${out} is up to date with ${configPath} (${Object.keys(files).length} files)`);
    return 0;
  }
  for (const [path, text] of Object.entries(files)) {
    if (!(await writeOutput("--out", join(out, path), () => text, { createDir: true }))) return 2;
  }
  console.log(`Wrote ${Object.keys(files).length} files to ${out} from ${configPath}:`);
  for (const path of Object.keys(files)) console.log(`  ${join(out, path)}`);
  return 0;
}
