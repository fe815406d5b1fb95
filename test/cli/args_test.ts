/** The argument seam: every command refuses positional arguments it does not read. */
import assert from "assert";
import { parse, UsageError } from "../../src/cli/args.ts";
import { runMain as run } from "../_helpers/cli.ts";

Deno.test("parse() refuses a positional argument unless the command reads one", () => {
  const options = { config: { type: "string" as const } };
  assert.throws(
    () => parse(["staging.yaml"], options),
    (error: unknown) =>
      error instanceof UsageError &&
      error.message === 'Unexpected argument "staging.yaml": did you mean --config staging.yaml?',
  );
  assert.throws(
    () => parse(["a", "b"], {}),
    /^UsageError: Unexpected arguments "a" "b": expected options only$/,
  );
  assert.deepEqual(parse(["script.js"], {}, { positionals: 1 }).positionals, ["script.js"]);
  assert.throws(
    () => parse(["script.js", "extra.js"], {}, { positionals: 1 }),
    /^UsageError: Unexpected argument "extra.js": expected at most 1 argument besides options, got 2$/,
  );
});

Deno.test("parse() hints at --reference/--current for drift's datasets, and says options after -- are not read", () => {
  const drift = { reference: { type: "string" as const }, current: { type: "string" as const } };
  assert.throws(
    () => parse(["ref.csv", "cur.csv"], drift),
    /^UsageError: Unexpected arguments "ref.csv" "cur.csv": did you mean --reference ref.csv --current cur.csv\?$/,
  );
  assert.throws(
    () => parse(["--", "--config", "x.yaml"], { config: { type: "string" } }),
    /^UsageError: Unexpected arguments "--config" "x.yaml": options after "--" are not read as options; drop the "--"/,
  );
});

Deno.test("check, rules, serve and start exit 2 on a config file given without --config", async () => {
  for (const command of ["check", "rules", "serve", "start"]) {
    // A file that does not exist: had it been read instead of refused, the error would be a different one.
    const { code, output } = await run([command, "no-such-config.yaml"]);
    assert.equal(code, 2, `${command}: ${output}`);
    assert.match(
      output,
      /^Unexpected argument "no-such-config.yaml": did you mean --config no-such-config.yaml\?/,
    );
    assert.match(output, new RegExp(`Usage: deno task ${command}`));
  }
});

Deno.test("load and drift reference still read their one positional argument, and refuse a second", async () => {
  const load = await run(["load", "a.js", "b.js"]);
  assert.equal(load.code, 2, load.output);
  assert.match(
    load.output,
    /^Unexpected argument "b.js": expected at most 1 argument besides options, got 2/,
  );
  const reference = await run(["drift", "reference", "--model", "m", "ref.csv", "extra.csv"]);
  assert.equal(reference.code, 2, reference.output);
  assert.match(
    reference.output,
    /^Unexpected argument "extra.csv": expected at most 1 argument besides options, got 2/,
  );
  const offline = await run(["drift", "ref.csv", "cur.csv"]);
  assert.equal(offline.code, 2, offline.output);
  assert.match(
    offline.output,
    /^Unexpected arguments "ref.csv" "cur.csv": did you mean --reference ref.csv --current cur.csv\?/,
  );
  const dashed = await run(["check", "--", "--config", "x.yaml"]);
  assert.equal(dashed.code, 2, dashed.output);
  assert.match(dashed.output, /options after "--" are not read as options/);
});
