/**
 * `deno task check`: a one-shot gate for CI and staging — every probe `--rounds` times, verdicts
 * against the SLOs, a table (or JSON, or JUnit), exit 0 when all hold and 1 when one fails.
 *
 * @module
 */
import { cleanUrl } from "../config/clean_url.ts";
import { ConfigError, loadConfig, overrideTarget } from "../config/load.ts";
import type { Config } from "../config/types.ts";
import { runRounds } from "../probe/rounds.ts";
import { type CheckVerdict, checkVerdict } from "../slo/check_verdict.ts";
import { describeSli, sliJson } from "../slo/sli.ts";
import { intOption, listOption, parse, stringOption } from "./args.ts";
import { resolveConfigPath } from "./config_path.ts";
import { type JunitCase, junitXml } from "./junit.ts";
import { checkWritable, writeOutput } from "./output.ts";
import { formatTable, percent } from "./table.ts";

/** Usage of `check`. */
export const HELP_TEXT = `Usage: deno task check [options]

Runs every probe of the config N times and judges the results against its SLOs.

Options:
  --config FILE       config file (default: $VIGIL_CONFIG, ./vigil.yaml, else vigil.example.yaml)
  --target NAME=URL   point target NAME at URL instead (repeatable), e.g. --target demo=https://staging
  --rounds N          runs per probe (default 5)
  --json              print the verdict as JSON instead of tables
  --junit FILE        also write a JUnit XML report (a test case per probe and per SLO)
  -h, --help          show this help

SLOs over request, accuracy or drift SLIs are listed as "not measured by check" (skipped in JUnit): only
Prometheus sees those, through the rules of \`deno task rules\`.

Exit codes: 0 every SLO holds, 1 a probe or SLO fails, 2 bad config or arguments (a config with no
probes is one: it gives check nothing to judge, and a gate that judged nothing does not pass; a --junit
file that cannot be written is another, found before any probe runs, without creating the file). If the
report cannot be written at the end, a FAIL still exits 1 and a PASS exits 2, with the reason printed.`;

/**
 * Runs `check`.
 *
 * @param argv arguments after `check`
 * @returns the exit code
 */
export async function checkCommand(argv: string[]): Promise<number> {
  const args = parse(argv, {
    config: { type: "string" },
    target: { type: "string", multiple: true },
    rounds: { type: "string" },
    json: { type: "boolean" },
    junit: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (args.values.help) {
    console.log(HELP_TEXT);
    return 0;
  }
  const rounds = intOption(args, "rounds", 5, 1, 10_000);
  let config: Config = await loadConfig(resolveConfigPath(stringOption(args, "config")));
  for (const spec of listOption(args, "target")) config = overrideTarget(config, spec);
  if (config.probes.length === 0) {
    // A gate that judged nothing must not pass; with no probes, check has nothing to run.
    throw new ConfigError(config.source, [{
      path: "probes",
      message: "nothing to check: no probes, and check measures only what probes measure" +
        " (request, accuracy and drift SLOs are evaluated by Prometheus)",
    }]);
  }
  const json = args.values.json === true;

  const junit = stringOption(args, "junit");
  // Found before probing, not after a verdict: a report that cannot be written is a bad argument. Tested
  // without creating the file, so an interrupted check leaves no empty, unparsable report behind.
  if (junit !== undefined && !(await checkWritable("--junit", junit))) return EXIT_BAD_OUTPUT;

  const started = performance.now();
  if (!json) {
    console.error(
      `vigil check: ${config.probes.length} probes × ${rounds} ${
        rounds === 1 ? "round" : "rounds"
      } from ${config.source}`,
    );
  }
  const results = await runRounds(config, rounds);
  const verdict = checkVerdict(config, results);
  const elapsedMs = performance.now() - started;

  if (json) console.log(JSON.stringify(verdictJson(verdict, config, rounds, elapsedMs), null, 2));
  else console.log(renderVerdict(verdict, config));
  if (junit !== undefined && !(await writeOutput("--junit", junit, () => junitReport(verdict)))) {
    // A failed gate stays a failed gate (exit 1); only a passing one becomes "bad output" (exit 2).
    if (!verdict.pass) {
      console.error("The verdict stands: FAIL, exit 1 (the --junit report was not written)");
      return 1;
    }
    console.error("The verdict was PASS, but the --junit report was not written: exit 2");
    return EXIT_BAD_OUTPUT;
  }
  return verdict.pass ? 0 : 1;
}

/** The exit code of a bad config or argument, which an unwritable `--junit` file is. */
const EXIT_BAD_OUTPUT = 2;

function ms(value: number): string {
  return Number.isNaN(value) ? "-" : `${value.toFixed(1)} ms`;
}

function sliText(verdict: CheckVerdict["slos"][number]): string {
  return describeSli(verdict.sli);
}

/** What the table says an SLO measured, or why it measured nothing. */
function measuredText(s: CheckVerdict["slos"][number]): string {
  if (!s.measured) return "not measured by check";
  return s.ratio === null ? "no data" : `${percent(s.ratio)} (${s.good}/${s.total})`;
}

function verdictText(s: CheckVerdict["slos"][number]): string {
  if (!s.measured) return "- (Prometheus)";
  return s.pass ? "✓ pass" : "✗ FAIL";
}

/** The human report: a probe table, an SLO table, the failure reasons and the overall verdict. */
export function renderVerdict(verdict: CheckVerdict, config: Pick<Config, "targets">): string {
  const probeTable = formatTable(
    ["PROBE", "TARGET", "OK", "P50", "P95", "VERDICT"],
    verdict.probes.map((
      p,
    ) => [
      p.probe,
      p.target,
      `${p.successes}/${p.runs}`,
      ms(p.p50Ms),
      ms(p.p95Ms),
      p.pass ? "✓ pass" : "✗ FAIL",
    ]),
  );
  const sloTable = formatTable(
    ["SLO", "SLI", "MEASURED", "OBJECTIVE", "VERDICT"],
    verdict.slos.map((s) => [
      s.name,
      sliText(s),
      measuredText(s),
      percent(s.objective),
      verdictText(s),
    ]),
  );
  const reasons = verdict.probes.flatMap((p) =>
    p.failures.map((f) => `  ${p.probe}: ${f.count}× ${f.reason}`)
  );
  const targets = Object.values(config.targets).map((t) => `${t.name}=${cleanUrl(t.url)}`).join(", ");
  const lines = [probeTable, "", sloTable];
  if (reasons.length > 0) lines.push("", "Failures:", ...reasons);
  const failed = verdict.probes.filter((p) => !p.pass).length + verdict.slos.filter((s) => !s.pass).length;
  lines.push(
    "",
    verdict.pass ? `✓ PASS: every SLO holds (${targets})` : `✗ FAIL: ${failed} verdicts failed (${targets})`,
  );
  return lines.join("\n");
}

function verdictJson(verdict: CheckVerdict, config: Config, rounds: number, elapsedMs: number) {
  return {
    pass: verdict.pass,
    config: config.source,
    rounds,
    elapsed_ms: Math.round(elapsedMs),
    targets: Object.fromEntries(Object.values(config.targets).map((t) => [t.name, cleanUrl(t.url)])),
    probes: verdict.probes.map((p) => ({
      probe: p.probe,
      target: p.target,
      runs: p.runs,
      successes: p.successes,
      p50_ms: Number.isNaN(p.p50Ms) ? null : p.p50Ms,
      p95_ms: Number.isNaN(p.p95Ms) ? null : p.p95Ms,
      slos: p.slos,
      pass: p.pass,
      failures: p.failures,
    })),
    slos: verdict.slos.map((s) => ({
      name: s.name,
      sli: sliJson(s.sli),
      objective: s.objective,
      measured: s.measured,
      good: s.good,
      total: s.total,
      ratio: s.ratio,
      pass: s.pass,
    })),
  };
}

function junitReport(verdict: CheckVerdict): string {
  return junitXml("vigil check", [
    ...verdict.probes.map((p) => {
      const testCase = {
        name: p.probe,
        classname: `probe.${p.target}`,
        timeSeconds: (p.p50Ms || 0) * p.runs / 1000,
      };
      if (p.pass) return testCase;
      const message = `${p.successes}/${p.runs} runs succeeded`;
      return {
        ...testCase,
        failure: {
          message,
          detail: [message, ...p.failures.map((f) => `${f.count}× ${f.reason}`)].join("\n"),
        },
      };
    }),
    ...verdict.slos.map((s): JunitCase => {
      const testCase = { name: s.name, classname: "slo" };
      if (!s.measured) {
        return { ...testCase, skipped: "not measured by check: Prometheus evaluates this SLI" };
      }
      if (s.pass) return testCase;
      const measured = s.ratio === null ? "no data" : percent(s.ratio);
      return {
        ...testCase,
        failure: { message: `${sliText(s)}: ${measured} < objective ${percent(s.objective)}` },
      };
    }),
  ]);
}
