/** `deno task drift`: the offline report and its exit codes, and `drift reference`. */
import assert from "assert";
import { driftCommand } from "../../src/cli/drift.ts";
import { parseConfig } from "../../src/config/load.ts";
import { createMetrics } from "../../src/metrics/registry.ts";
import { createApp } from "../../src/server/app.tsx";
import { openDriftStore } from "../../src/store/drift_store.ts";
import { openSqliteStore } from "../../src/store/sqlite_store.ts";
import { freePort, runCli } from "../_helpers/cli.ts";
import { startServe } from "../_helpers/serve.ts";
import { makeEngine } from "../drift/_setup.ts";

function csv(n: number, shift: number): string {
  const lines = ["age,plan,prediction,confidence"];
  for (let i = 0; i < n; i++) {
    lines.push(`${((i * 37) % 60) + 20 + shift},${i % 3 ? "free" : "pro"},${i % 2 ? "yes" : "no"},0.9`);
  }
  return lines.join("\n") + "\n";
}

/** `deno task drift` on two files of `dir`, and its extra arguments. */
function driftIn(dir: string) {
  return (reference: string, current: string, ...extra: string[]) =>
    runCli(["drift", "--reference", `${dir}/${reference}`, "--current", `${dir}/${current}`, ...extra]);
}

async function files() {
  const dir = await Deno.makeTempDir({ prefix: "vigil-drift-cli-" });
  await Deno.writeTextFile(`${dir}/ref.csv`, csv(3000, 0));
  await Deno.writeTextFile(`${dir}/same.csv`, csv(1000, 0));
  await Deno.writeTextFile(`${dir}/shifted.csv`, csv(1000, 12));
  await Deno.writeTextFile(`${dir}/bad.csv`, "age,plan\n31,pro\nold,free\n");
  await Deno.writeTextFile(
    `${dir}/shifted.ndjson`,
    csv(1000, 12).trim().split("\n").slice(1).map((line) => {
      const [age, plan, prediction, confidence] = line.split(",");
      return JSON.stringify({ age: Number(age), plan, prediction, confidence: Number(confidence) });
    }).join("\n"),
  );
  return dir;
}

Deno.test("drift exits 0 without drift, 1 with drift, 2 on bad input", async () => {
  const dir = await files();
  try {
    const same = await runCli(["drift", "--reference", `${dir}/ref.csv`, "--current", `${dir}/same.csv`]);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /✓ no column at warning or above/);

    const shifted = await runCli([
      "drift",
      "--reference",
      `${dir}/ref.csv`,
      "--current",
      `${dir}/shifted.csv`,
    ]);
    assert.equal(shifted.code, 1, shifted.stderr);
    assert.match(shifted.stdout, /^age\s+numeric\s+1000\s+0\.0%\s+0\.\d+/m);
    assert.match(shifted.stdout, /✗ DRIFT: age \(critical\)/);

    const bad = await runCli(["drift", "--reference", `${dir}/ref.csv`, "--current", `${dir}/bad.csv`]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Invalid row 2 \(line 3\), column "age": expected a finite number, got "old"/);

    const missing = await runCli(["drift", "--reference", `${dir}/ref.csv`, "--current", `${dir}/nope.csv`]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Cannot read --current ".*nope\.csv": No such file or directory/);

    const usage = await runCli(["drift", "--reference", `${dir}/ref.csv`]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /both --reference and --current are required/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("drift does not pass a current file it could not judge: no shared column or too few rows exit 2, a missing feature is drift", async () => {
  const dir = await files();
  await Deno.writeTextFile(`${dir}/other.csv`, "a,b\n" + "1,2\n".repeat(1000));
  await Deno.writeTextFile(`${dir}/one.csv`, csv(1, 0));
  await Deno.writeTextFile(
    `${dir}/no_plan.csv`,
    csv(1000, 0).replace(/^age,plan,/, "age,channel,"),
  );
  const drift = (current: string, ...extra: string[]) => driftIn(dir)("ref.csv", current, ...extra);
  try {
    const other = await drift("other.csv");
    assert.equal(other.code, 2, other.stdout);
    assert.match(
      other.stderr,
      /Invalid --current ".*other\.csv": no values for any feature of the reference \("age", "plan"\); its other columns: "a", "b"/,
    );
    assert.equal(other.stdout, "");

    const one = await drift("one.csv");
    assert.equal(one.code, 2, one.stdout);
    assert.match(
      one.stderr,
      /Nothing judged: no feature of --current ".*one\.csv" \(1 rows\) has the minimum of 500 values \(--min-samples\) for a severity, nor a missing share above the reference's; values per feature: "age" 1, "plan" 1$/m,
    );
    assert.doesNotMatch(one.stdout, /✓/);
    assert.match(one.stdout, /✗ NOT JUDGED: no feature has enough values for a severity/);

    const noPlan = await drift("no_plan.csv");
    assert.equal(noPlan.code, 1, noPlan.stderr);
    assert.match(noPlan.stdout, /^plan\s+categorical\s+0\s+100\.0%.*critical \(all missing\)$/m);
    assert.match(noPlan.stdout, /Dataset: 1 of 2 features at warning or above \(1 by missing values alone\)/);
    assert.match(noPlan.stdout, /✗ DRIFT: plan \(critical\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("drift leaves out a --reference column empty in every row, says so, and still reports the drift of the rest", async () => {
  const dir = await files();
  const withEmpty = (text: string) =>
    text.trim().split("\n").map((line, i) => `${line},${i === 0 ? "coupon" : ""}`).join("\n") + "\n";
  await Deno.writeTextFile(`${dir}/ref_coupon.csv`, withEmpty(csv(3000, 0)));
  await Deno.writeTextFile(`${dir}/all_empty.csv`, "a,b\n" + ",\n".repeat(1000));
  const drift = driftIn(dir);
  try {
    const shifted = await drift("ref_coupon.csv", "shifted.csv");
    assert.equal(shifted.code, 1, shifted.stderr);
    assert.match(shifted.stdout, /✗ DRIFT: age \(critical\)/);
    assert.match(
      shifted.stdout,
      /^Note: not judged, no values in --reference: "coupon" \(an empty column has nothing to compare with\)$/m,
    );
    assert.doesNotMatch(shifted.stdout, /^coupon/m);

    const json = await drift("ref_coupon.csv", "same.csv", "--json");
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.deepEqual(report.empty_reference_columns, ["coupon"]);
    assert.deepEqual(report.features.map((f: { name: string }) => f.name), ["age", "plan"]);

    // With nothing to judge in the reference, it is still bad input, named by its flag, not a model.
    const empty = await drift("all_empty.csv", "same.csv");
    assert.equal(empty.code, 2, empty.stdout);
    assert.match(
      empty.stderr,
      /^Invalid --reference ".*all_empty\.csv": no values in any of its feature columns \("a", "b"\)$/m,
    );
    assert.doesNotMatch(empty.stderr, /offline/);

    // A declared model keeps refusing a reference without values for a declared feature.
    await Deno.writeTextFile(
      `${dir}/vigil.yaml`,
      "models:\n  churn:\n    features: { age: numeric, plan: categorical, coupon: numeric }\n",
    );
    const declared = await drift(
      "ref_coupon.csv",
      "same.csv",
      "--config",
      `${dir}/vigil.yaml`,
      "--model",
      "churn",
    );
    assert.equal(declared.code, 2, declared.stdout);
    assert.match(
      declared.stderr,
      /^Invalid --reference ".*ref_coupon\.csv" for model "churn": no values for declared feature "coupon"$/m,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("drift judges a feature's missing share against the reference's: rare in both passes, dropped on 60% of rows is drift", async () => {
  const dir = await files();
  // "plan" present in 3 of 3000 reference rows: an optional feature.
  const sparse = (text: string, keep: (i: number) => boolean) =>
    text.trim().split("\n").map((line, i) => {
      if (i === 0 || keep(i - 1)) return line;
      const cells = line.split(",");
      cells[1] = "";
      return cells.join(",");
    }).join("\n") + "\n";
  await Deno.writeTextFile(`${dir}/ref_rare.csv`, sparse(csv(3000, 0), (i) => i % 1000 === 0));
  await Deno.writeTextFile(`${dir}/no_plan.csv`, sparse(csv(1000, 0), () => false));
  // "age" dropped on 60% of rows: the 400 values left are under --min-samples.
  await Deno.writeTextFile(
    `${dir}/age_dropped.csv`,
    csv(1000, 0).trim().split("\n").map((line, i) =>
      i > 0 && (i - 1) % 5 < 3 ? line.replace(/^\d+/, "") : line
    )
      .join("\n") + "\n",
  );
  const drift = driftIn(dir);
  try {
    const rare = await drift("ref_rare.csv", "no_plan.csv", "--json");
    assert.equal(rare.code, 0, rare.stdout + rare.stderr);
    const plan = JSON.parse(rare.stdout).features.find((f: { name: string }) => f.name === "plan");
    assert.deepEqual([plan.status, plan.severity], ["no_values", "none"]);

    const dropped = await drift("ref.csv", "age_dropped.csv");
    assert.equal(dropped.code, 1, dropped.stdout + dropped.stderr);
    assert.match(
      dropped.stdout,
      /^age\s+numeric\s+400\s+60\.0%.*critical \(missing more than in reference\)$/m,
    );
    assert.match(dropped.stdout, /\(1 by missing values alone\)/);
    assert.match(dropped.stdout, /✗ DRIFT: age \(critical\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("drift says which features lacked values when nothing was judged, not that rows were few", async () => {
  const dir = await files();
  // 1000 rows, "age" empty in 60% of them, in the reference as in the current file: no rise in the missing
  // share, and 400 values is under the minimum.
  const sparse = (text: string) =>
    text.trim().split("\n").map((line, i) =>
      i > 0 && (i - 1) % 5 < 3 ? line.replace(/^\d+,[a-z]+/, ",") : line
    )
      .join("\n") + "\n";
  await Deno.writeTextFile(`${dir}/ref_sparse.csv`, sparse(csv(3000, 0)));
  await Deno.writeTextFile(`${dir}/cur_sparse.csv`, sparse(csv(1000, 0)));
  try {
    const result = await runCli([
      "drift",
      "--reference",
      `${dir}/ref_sparse.csv`,
      "--current",
      `${dir}/cur_sparse.csv`,
    ]);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(
      result.stderr,
      /Nothing judged: no feature of --current ".*cur_sparse\.csv" \(1000 rows\) has the minimum of 500 values \(--min-samples\) for a severity, nor a missing share above the reference's; values per feature: "age" 400, "plan" 400$/m,
    );
    assert.doesNotMatch(result.stderr, /has 1000 rows, under/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("drift --json prints the report in the API's shape; NDJSON works as the current file", async () => {
  const dir = await files();
  const out: string[] = [];
  try {
    const code = await driftCommand(
      [
        "--reference",
        `${dir}/ref.csv`,
        "--current",
        `${dir}/shifted.ndjson`,
        "--json",
        "--fail-on",
        "critical",
      ],
      { print: (text) => out.push(text) },
    );
    assert.equal(code, 1);
    const report = JSON.parse(out.join("\n"));
    assert.equal(report.drift_found, true);
    assert.equal(report.fail_on, "critical");
    assert.equal(report.window.n, 1000);
    assert.equal(report.reference.rows, 3000);
    const age = report.features.find((f: { name: string }) => f.name === "age");
    assert.equal(age.severity, "critical");
    assert.equal(age.tests[0].test, "ks");
    assert.ok(age.histogram.reference.length > 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("drift reference uploads a file to a running Vigil, or saves it in the store", async () => {
  const dir = await files();
  const config = parseConfig(
    `storage: { path: ${dir}/vigil.db }\nmodels: { churn: { features: { age: numeric, plan: categorical } } }`,
    { source: "test.yaml", env: {} },
  );
  await Deno.writeTextFile(
    `${dir}/vigil.yaml`,
    `models: { churn: { features: { age: numeric, plan: categorical } } }`,
  );
  const { engine, store } = makeEngine(config.models);
  const probeStore = openSqliteStore(":memory:");
  const app = createApp({
    config: { ...config, server: { ...config.server, token: "t0k" } },
    store: probeStore,
    metrics: createMetrics({ latencyThresholdsMs: [], version: "test" }),
    drift: engine,
  });
  const out: string[] = [];
  try {
    const code = await driftCommand([
      "reference",
      "--model",
      "churn",
      "--url",
      "http://vigil.test/",
      `${dir}/ref.csv`,
    ], {
      print: (text) => out.push(text),
      env: { VIGIL_TOKEN: "t0k" },
      fetch: (input, init) => Promise.resolve(app.request(String(input), init)),
    });
    assert.equal(code, 0, out.join("\n"));
    assert.equal(JSON.parse(out[0]!).rows, 3000);
    assert.equal(engine.reference("churn")?.rows, 3000);

    const saved = await driftCommand(
      [
        "reference",
        "--model",
        "churn",
        "--config",
        `${dir}/vigil.yaml`,
        "--db",
        `${dir}/saved.db`,
        `${dir}/ref.csv`,
      ],
      { print: () => {} },
    );
    assert.equal(saved, 0);
    const savedStore = openDriftStore(`${dir}/saved.db`);
    assert.equal(savedStore.loadProfile("churn")?.rows, 3000);
    savedStore.close();

    await assert.rejects(
      driftCommand(["reference", "--model", "fraud", "--config", `${dir}/vigil.yaml`, `${dir}/ref.csv`]),
      /Unknown model "fraud"/,
    );
  } finally {
    engine.close();
    store.close();
    probeStore.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("drift reference exits 2 for a reference missing declared features or rows, and the previous one stays", async () => {
  const dir = await files();
  await Deno.writeTextFile(
    `${dir}/vigil.yaml`,
    `models: { churn: { features: { age: numeric, plan: categorical } } }`,
  );
  await Deno.writeTextFile(`${dir}/other.csv`, "a,b\n" + "1,2\n".repeat(1000));
  await Deno.writeTextFile(`${dir}/renamed.csv`, "age,Plan\n" + "31,pro\n".repeat(1000));
  await Deno.writeTextFile(`${dir}/one.csv`, csv(1, 0));
  let served = await startServe(`${dir}/vigil.yaml`, `${dir}/live.db`, freePort());
  try {
    const upload = (file: string) =>
      runCli(["drift", "reference", "--model", "churn", "--url", served.url, `${dir}/${file}`]);
    const good = await upload("ref.csv");
    assert.equal(good.code, 0, good.stderr);
    // Over HTTP the message comes inside the JSON error body, quotes escaped.
    const q = String.raw`\\?"`;
    const bad: [string, RegExp][] = [
      [
        "other.csv",
        new RegExp(
          `no values for declared features ${q}age${q}, ${q}plan${q} \\(undeclared columns found: ${q}a${q}, ${q}b${q}\\)`,
        ),
      ],
      [
        "renamed.csv",
        new RegExp(
          `no values for declared feature ${q}plan${q} \\(undeclared columns found: ${q}Plan${q}\\)`,
        ),
      ],
      ["one.csv", /expected at least 500 rows, got 1/],
    ];
    for (const [file, message] of bad) {
      const result = await upload(file);
      assert.equal(result.code, 2, file);
      assert.match(result.stderr, /failed with 400: /, file);
      assert.match(result.stderr, message, file);
    }
    // Still the good reference, in memory and in the SQLite file after a restart.
    const stats = async () => await (await fetch(`${served.url}/v1/models/churn/stats`)).json();
    assert.equal((await stats()).reference.rows, 3000);
    assert.equal(await served.stop(), 0);
    served = await startServe(`${dir}/vigil.yaml`, `${dir}/live.db`, freePort());
    assert.equal((await stats()).reference.rows, 3000);

    // --db: refused before the store is written.
    const save = (file: string) =>
      runCli([
        "drift",
        "reference",
        "--model",
        "churn",
        "--config",
        `${dir}/vigil.yaml`,
        "--db",
        `${dir}/saved.db`,
        `${dir}/${file}`,
      ]);
    assert.equal((await save("ref.csv")).code, 0);
    for (const [file, message] of bad) {
      const result = await save(file);
      assert.equal(result.code, 2, file);
      assert.match(result.stderr, message, file);
    }
    const savedStore = openDriftStore(`${dir}/saved.db`);
    assert.equal(savedStore.loadProfile("churn")?.rows, 3000);
    savedStore.close();
  } finally {
    await served.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
