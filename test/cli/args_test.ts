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
    /Unexpected argument "extra.js"/,
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
  assert.match(load.output, /^Unexpected argument "b.js": expected options only/);
  const reference = await run(["drift", "reference", "--model", "m", "ref.csv", "extra.csv"]);
  assert.equal(reference.code, 2, reference.output);
  assert.match(reference.output, /^Unexpected argument "extra.csv"/);
});
