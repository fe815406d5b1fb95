/**
 * Golden files: the generators' output for a fixture config covering every SLI and receiver kind, and
 * the committed deploy/ directory for vigil.example.yaml. `UPDATE_GOLDEN=1 deno task test` rewrites them.
 */
import assert from "assert";
import { dirname } from "node:path";
import { parseConfig } from "../../../src/config/load.ts";
import { deployFiles, rulesYaml } from "../../../src/slo/generate/bundle.ts";
import { GOLDEN_SETS, ROOT } from "./_golden.ts";

const UPDATE = Deno.env.get("UPDATE_GOLDEN") === "1";

for (const [name, set] of Object.entries(GOLDEN_SETS)) {
  Deno.test(`deployFiles() matches the golden files of ${set.dir}${UPDATE ? " (updating)" : ""}`, async () => {
    const files = await set.files();
    for (const [path, text] of Object.entries(files)) {
      const file = `${ROOT}${set.dir}/${path}`;
      if (UPDATE) {
        await Deno.mkdir(dirname(file), { recursive: true });
        await Deno.writeTextFile(file, text);
        continue;
      }
      const golden = await Deno.readTextFile(file).catch(() => "(missing)");
      assert.equal(
        text,
        golden,
        `${set.dir}/${path} differs from what the generators write for the ${name} config; ` +
          "run UPDATE_GOLDEN=1 deno task test and review the diff",
      );
    }
  });
}

Deno.test("deployFiles() writes the same text twice (no clock, no randomness)", () => {
  const config = parseConfig("slos: [{ name: s, objective: 99, sli: { request_success: { model: m } } }]", {
    source: "vigil.yaml",
    env: {},
  });
  assert.deepEqual(
    deployFiles(config, { source: "vigil.yaml" }),
    deployFiles(config, { source: "vigil.yaml" }),
  );
});

Deno.test("rulesYaml() writes multi-line expressions as literal blocks without YAML anchors", () => {
  const labels = { slo: "s" };
  const text = rulesYaml([{
    name: "g",
    rules: [{ record: "a:b:c", expr: "x\n/\ny", labels }, { record: "a:b:d", expr: "z", labels }],
  }], "vigil.yaml");
  assert.match(text, /expr: \|-\n\s+x\n\s+\/\n\s+y/);
  assert.doesNotMatch(text, /&a1|\*a1/);
});
