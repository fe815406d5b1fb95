/**
 * `deno task drift`: the offline drift report of two datasets (for batch checks in CI), and
 * `deno task drift reference` to upload or save a model's reference profile from a file.
 *
 * @module
 */
import { loadConfig } from "../config/load.ts";
import type { Config, ModelConfig } from "../config/types.ts";
import { compareDatasets } from "../drift/offline.ts";
import { buildProfile } from "../drift/reference.ts";
import type { ColumnReport, DriftReport } from "../drift/report.ts";
import { formatFromPath, readRows, RowError, type RowFormat, TooLargeError } from "../drift/rows.ts";
import { type Severity, severityRank } from "../drift/severity.ts";
import { driftReportJson, referenceSummaryJson } from "../server/drift_json.ts";
import { openDriftStore } from "../store/drift_store.ts";
import { profileToJson } from "../drift/profile.ts";
import { intOption, parse, stringOption, UsageError } from "./args.ts";
import { resolveConfigPath } from "./config_path.ts";
import { formatTable } from "./table.ts";

/** Usage of `drift`. */
export const HELP_TEXT = `Usage: deno task drift --reference FILE --current FILE [options]
       deno task drift reference --model NAME FILE [--url URL | --db FILE] [--config FILE]

Compares a current dataset with a reference (CSV with a header, NDJSON, or a JSON array of rows) using
the tests of the live drift windows: KS, PSI and normed Wasserstein for numeric columns, chi-square,
Jensen-Shannon and unseen categories for categorical ones, and the same on the prediction and confidence
columns. Features are inferred from the reference unless --config and --model name a declared model.

Options:
  --reference FILE    the reference dataset (e.g. the training data with the model's predictions)
  --current FILE      the dataset to check (e.g. last week's predictions)
  --config FILE       config with the model's declaration (features, thresholds)
  --model NAME        the model in --config to use
  --min-samples N     fewest values for a severity (default: the model's window.min_samples, 500)
  --fail-on LEVEL     the severity that counts as drift: info, warning (default) or critical
  --json              print the report as JSON (the shape of GET /v1/models/:model/drift)
  -h, --help          show this help

reference: builds the model's reference profile from FILE and uploads it to a running Vigil (--url,
with $VIGIL_TOKEN as bearer token when set), or saves it in the store (--db, default storage.path of
the config); a running service only sees a saved profile after a restart, so prefer --url. A file
with no values for a declared feature, or fewer rows than the model's window.min_samples (at least
100), is refused with exit 2 and nothing is replaced.

A feature missing in --current significantly more often than in --reference (chi-square on the
present/missing counts; severity from the Jensen-Shannon distance of the two shares) is drift, even
with too few values left to test: a feature the reference always has and --current never has is
critical, an optional feature rare in both is not. A --current file with no values for any feature, or
no feature with --min-samples values and no rise in a missing share, is bad input: a gate that judged
nothing does not pass. Without --config, a --reference column with no values in any row is left out
and named in the report ("empty_reference_columns" in --json); a --reference with no values in any
feature column, or fewer rows than --min-samples (at least 100), is bad input. With --config and
--model, every declared feature must have values in --reference.

Exit codes: 0 no drift, 1 drift found, 2 bad input (including nothing judged).`;

/** Exit code when drift is found. */
export const EXIT_DRIFT = 1;

/** Test seams of {@linkcode driftCommand}. */
export interface DriftCommandOptions {
  /** Prints a line (default console.log). */
  print?: (text: string) => void;
  /** The fetch used by `reference --url` (default globalThis.fetch). */
  fetch?: typeof fetch;
  /** The environment (default the process's), for VIGIL_TOKEN. */
  env?: Record<string, string>;
}

/**
 * Runs `drift`.
 *
 * @param argv arguments after `drift`
 * @param options test seams
 * @returns the exit code
 */
export async function driftCommand(argv: string[], options: DriftCommandOptions = {}): Promise<number> {
  const print = options.print ?? ((text: string) => console.log(text));
  if (argv[0] === "reference") return await referenceCommand(argv.slice(1), options, print);
  const args = parse(argv, {
    reference: { type: "string" },
    current: { type: "string" },
    config: { type: "string" },
    model: { type: "string" },
    "min-samples": { type: "string" },
    "fail-on": { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (args.values.help) {
    print(HELP_TEXT);
    return 0;
  }
  const referencePath = stringOption(args, "reference");
  const currentPath = stringOption(args, "current");
  if (referencePath === undefined || currentPath === undefined) {
    throw new UsageError("Missing option: both --reference and --current are required");
  }
  const failOn = severityOption(stringOption(args, "fail-on") ?? "warning");
  const model = await declaredModel(stringOption(args, "config"), stringOption(args, "model"));
  const minSamples = stringOption(args, "min-samples") === undefined
    ? undefined
    : intOption(args, "min-samples", 500, 0, 1_000_000_000);
  const comparison = await withInputErrors(async () =>
    await compareDatasets(
      await openRows(referencePath, "--reference"),
      await openRows(currentPath, "--current"),
      {
        ...(model === undefined ? {} : { model }),
        ...(minSamples === undefined ? {} : { minSamples }),
        referenceName: `--reference "${referencePath}"${
          model === undefined ? "" : ` for model "${model.name}"`
        }`,
      },
    )
  );
  if (comparison === undefined) return 2;
  const { features } = comparison.report;
  if (features.every((column) => column.n === 0)) {
    const columns = comparison.currentIgnoredColumns;
    console.error(
      `Invalid --current "${currentPath}": no values for any feature of the reference (${
        features.map((column) => `"${column.name}"`).join(", ")
      })${
        columns.length === 0 ? "" : `; its other columns: ${columns.map((name) => `"${name}"`).join(", ")}`
      }`,
    );
    return 2;
  }
  const drifted = [...comparison.report.features, ...comparison.report.outputs].filter((column) =>
    severityRank(column.severity) >= severityRank(failOn)
  );
  // A gate that judged nothing must not pass: a 1-row file is no evidence of "no drift".
  const judged = comparison.report.dataset.tested + comparison.report.dataset.missing > 0;
  if (args.values.json === true) {
    print(JSON.stringify(
      {
        ...driftReportJson(comparison.report),
        reference_file: referencePath,
        current_file: currentPath,
        ignored_columns: comparison.ignoredColumns,
        empty_reference_columns: comparison.emptyReferenceFeatures,
        fail_on: failOn,
        drift_found: drifted.length > 0,
        judged,
      },
      null,
      2,
    ));
  } else {
    print(renderReport(comparison.report, {
      referencePath,
      currentPath,
      failOn,
      drifted,
      judged,
      emptyReferenceColumns: comparison.emptyReferenceFeatures,
    }));
  }
  if (drifted.length > 0) return EXIT_DRIFT;
  if (!judged) {
    const { window } = comparison.report;
    const counts = features.filter((column) => column.status !== "no_reference")
      .map((column) => `"${column.name}" ${column.n}`).join(", ");
    console.error(
      `Nothing judged: no feature of --current "${currentPath}" (${window.n} rows) has the minimum of ${window.minSamples} values (--min-samples) for a severity, nor a missing share above the reference's; values per feature: ${counts}`,
    );
    return 2;
  }
  return 0;
}

async function referenceCommand(
  argv: string[],
  options: DriftCommandOptions,
  print: (text: string) => void,
): Promise<number> {
  const args = parse(argv, {
    model: { type: "string" },
    url: { type: "string" },
    db: { type: "string" },
    config: { type: "string" },
    help: { type: "boolean", short: "h" },
  }, { positionals: 1 });
  if (args.values.help) {
    print(HELP_TEXT);
    return 0;
  }
  const name = stringOption(args, "model");
  const [file] = args.positionals;
  if (name === undefined) throw new UsageError("Missing option --model: the model the reference is for");
  if (file === undefined) throw new UsageError("Missing argument FILE: the reference dataset");
  const format = fileFormat(file, "FILE");
  const url = stringOption(args, "url");
  if (url !== undefined) {
    const env = options.env ?? Deno.env.toObject();
    const headers: Record<string, string> = { "content-type": CONTENT_TYPES[format] };
    if (env.VIGIL_TOKEN) headers.authorization = `Bearer ${env.VIGIL_TOKEN}`;
    const body = await openFile(file, "FILE");
    if (body === undefined) return 2;
    const target = `${url.replace(/\/+$/, "")}/v1/models/${encodeURIComponent(name)}/reference`;
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(target, { method: "POST", headers, body });
    } catch (error) {
      console.error(`Cannot upload to ${target}: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
    const text = await response.text();
    if (!response.ok) {
      console.error(`Upload to ${target} failed with ${response.status}: ${text}`);
      return 2;
    }
    print(text);
    return 0;
  }
  const config: Config = await loadConfig(resolveConfigPath(stringOption(args, "config")));
  const model = modelOf(config, name);
  const built = await withInputErrors(async () => await buildProfile(await openRows(file, "FILE"), model));
  if (built === undefined) return 2;
  const store = openDriftStore(stringOption(args, "db") ?? config.storage.path);
  try {
    store.saveProfile(name, {
      createdAt: built.profile.createdAt,
      rows: built.profile.rows,
      profile: profileToJson(built.profile),
    });
  } finally {
    store.close();
  }
  print(JSON.stringify(referenceSummaryJson(built.profile, built.ignoredColumns), null, 2));
  return 0;
}

const CONTENT_TYPES: Record<RowFormat, string> = {
  csv: "text/csv",
  ndjson: "application/x-ndjson",
  json: "application/json",
};

/** Files read offline may be large: streamed formats are unbounded, JSON is parsed whole. */
const MAX_FILE_BYTES = Number.MAX_SAFE_INTEGER;

function fileFormat(path: string, option: string): RowFormat {
  const format = formatFromPath(path);
  if (format === undefined) {
    throw new UsageError(`Invalid ${option} "${path}": expected a .csv, .ndjson, .jsonl or .json file`);
  }
  return format;
}

async function openFile(path: string, option: string): Promise<ReadableStream<Uint8Array> | undefined> {
  try {
    return (await Deno.open(path)).readable;
  } catch (error) {
    const reason = error instanceof Deno.errors.NotFound ? "No such file or directory" : String(error);
    console.error(`Cannot read ${option} "${path}": ${reason}`);
    return undefined;
  }
}

async function openRows(path: string, option: string) {
  const format = fileFormat(path, option);
  const stream = await openFile(path, option);
  if (stream === undefined) throw new InputError();
  return readRows(stream, format, { maxBytes: MAX_FILE_BYTES });
}

/** An input problem already reported on stderr. */
class InputError extends Error {}

async function withInputErrors<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof InputError) return undefined;
    if (error instanceof RowError || error instanceof TooLargeError || error instanceof TypeError) {
      console.error(error.message);
      return undefined;
    }
    throw error;
  }
}

function severityOption(value: string): Severity {
  if (value === "info" || value === "warning" || value === "critical") return value;
  throw new UsageError(`Invalid --fail-on "${value}": expected info, warning or critical`);
}

async function declaredModel(
  configPath: string | undefined,
  name: string | undefined,
): Promise<ModelConfig | undefined> {
  if (name === undefined) {
    if (configPath !== undefined) {
      throw new UsageError("Missing option --model: --config needs the model to use");
    }
    return undefined;
  }
  return modelOf(await loadConfig(resolveConfigPath(configPath)), name);
}

function modelOf(config: Config, name: string): ModelConfig {
  const model = Object.hasOwn(config.models, name) ? config.models[name] : undefined;
  if (model === undefined) {
    const declared = Object.keys(config.models);
    throw new UsageError(
      `Unknown model "${name}" (${config.source} ${
        declared.length === 0 ? "declares no models" : `declares: ${declared.join(", ")}`
      })`,
    );
  }
  return model;
}

function number(value: number | null, digits = 3): string {
  if (value === null || !Number.isFinite(value)) return "-";
  if (value !== 0 && Math.abs(value) < 10 ** -digits) return value.toExponential(1);
  return value.toFixed(digits);
}

function statistic(column: ColumnReport, test: string): string {
  const found = column.tests.find((t) => t.test === test);
  return found === undefined ? "" : number(found.statistic);
}

function severityText(column: ColumnReport, minSamples: number): string {
  if (column.status === "no_reference") return "- (not in reference)";
  if (column.status === "no_values") return `${column.severity} (all missing)`;
  if (column.status === "insufficient") {
    return column.severity === "none"
      ? `none (n < ${minSamples})`
      : `${column.severity} (missing more than in reference)`;
  }
  return column.significant === false && column.severity === "none"
    ? "none (not significant)"
    : column.severity;
}

/**
 * The human report: one row per feature and output, then the dataset verdict.
 *
 * @param report the drift report
 * @param context file names, the failing level and the columns at or above it
 * @returns the text
 */
export function renderReport(
  report: DriftReport,
  context: {
    referencePath: string;
    currentPath: string;
    failOn: Severity;
    drifted: ColumnReport[];
    /** Whether any feature was judged (default true). */
    judged?: boolean;
    /** Columns left out because the reference has no values for them. */
    emptyReferenceColumns?: readonly string[];
  },
): string {
  const rows = [...report.features, ...report.outputs].map((c) => [
    c.name,
    c.type,
    String(c.n),
    (c.missingRatio * 100).toFixed(1) + "%",
    statistic(c, "ks"),
    statistic(c, "psi"),
    statistic(c, "wasserstein"),
    statistic(c, "jensen_shannon"),
    statistic(c, "unseen"),
    number(c.pValue),
    number(c.adjustedPValue),
    severityText(c, report.window.minSamples),
  ]);
  const table = formatTable(
    ["COLUMN", "TYPE", "N", "MISSING", "KS D", "PSI", "WASS", "JS", "UNSEEN", "P", "P (BH)", "SEVERITY"],
    rows,
  );
  const d = report.dataset;
  const lines = [
    `vigil drift: ${context.currentPath} (${report.window.n} rows) against ${context.referencePath} (${report.reference.rows} rows)`,
    "",
    table,
    "",
    `Dataset: ${d.drifted} of ${d.tested + d.missing} features at warning or above${
      d.missing === 0 ? "" : ` (${d.missing} by missing values alone)`
    } (${(d.driftShare * 100).toFixed(0)}%, ` +
    `dataset drift at ${(d.threshold * 100).toFixed(0)}%): ${d.drift ? "DRIFT" : "no dataset drift"}; ` +
    `${d.significant} significant after Benjamini-Hochberg at ${d.alpha}` +
    (report.conceptDriftPsi === null ? "" : `; output PSI ${number(report.conceptDriftPsi)}`),
  ];
  const empty = context.emptyReferenceColumns ?? [];
  if (empty.length > 0) {
    lines.push(
      `Note: not judged, no values in --reference: ${
        empty.map((name) => `"${name}"`).join(", ")
      } (an empty column has nothing to compare with)`,
    );
  }
  if (!report.window.sufficient) {
    lines.push(
      `Note: ${report.window.n} rows is under the minimum of ${report.window.minSamples}: no severity is raised`,
    );
  }
  lines.push(
    context.drifted.length > 0
      ? `✗ DRIFT: ${context.drifted.map((c) => `${c.name} (${c.severity})`).join(", ")}`
      : context.judged === false
      ? "✗ NOT JUDGED: no feature has enough values for a severity"
      : `✓ no column at ${context.failOn} or above`,
  );
  return lines.join("\n");
}
