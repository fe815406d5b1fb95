/**
 * Vigil's command line: parses the command name, dispatches, and maps errors to exit codes in this one
 * place. Each command lives in its own file with its HELP_TEXT.
 *
 * @module
 */
import { ConfigError } from "../config/load.ts";
import { VERSION } from "../version.ts";
import { UsageError } from "./args.ts";
import * as check from "./check.ts";
import * as demo from "./demo.ts";
import * as drift from "./drift.ts";
import * as load from "./load.ts";
import * as rules from "./rules.ts";
import * as serve from "./serve.ts";
import * as start from "./start.ts";

interface Command {
  run(argv: string[]): Promise<number>;
  help: string;
  summary: string;
}

const COMMANDS: Record<string, Command> = {
  start: { run: start.startCommand, help: start.HELP_TEXT, summary: "the demo model and Vigil watching it" },
  demo: { run: demo.demoCommand, help: demo.HELP_TEXT, summary: "the demo model service alone" },
  serve: {
    run: serve.serveCommand,
    help: serve.HELP_TEXT,
    summary: "the service: scheduled probes, /metrics, API",
  },
  check: {
    run: check.checkCommand,
    help: check.HELP_TEXT,
    summary: "one-shot gate: probes N times, SLO verdicts",
  },
  load: {
    run: load.loadCommand,
    help: load.HELP_TEXT,
    summary: "a k6 script as a load test, with k6's verdicts and exit codes",
  },
  drift: {
    run: (argv) => drift.driftCommand(argv),
    help: drift.HELP_TEXT,
    summary: "offline drift report of two datasets; `drift reference` uploads a reference",
  },
  rules: {
    run: rules.rulesCommand,
    help: rules.HELP_TEXT,
    summary: "Prometheus rules, Alertmanager, Grafana and compose files from the SLOs",
  },
};

/** Top-level usage. */
export const HELP_TEXT = `Vigil ${VERSION} — keeps watch over ML model endpoints.

Usage: deno task <command> [options]     (or: deno run -A src/cli/main.ts <command>)

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`).join("\n")}

Run a command with --help for its options.`;

/** Exit code for a bad config or bad arguments. */
export const EXIT_BAD_INPUT = 2;

/**
 * Runs the command line.
 *
 * @param argv the process arguments
 * @returns the exit code
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    console.log(HELP_TEXT);
    return name === undefined ? EXIT_BAD_INPUT : 0;
  }
  if (name === "--version") {
    console.log(VERSION);
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    console.error(`Unknown command "${name}"\n\n${HELP_TEXT}`);
    return EXIT_BAD_INPUT;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${command.help}`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
