import assert from "assert";
import { writeOutput } from "../../src/cli/output.ts";

Deno.test("writeOutput() writes, creates directories when asked, and reports a failure in one line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vigil-output-" });
  const lines: string[] = [];
  const { error } = console;
  console.error = (...items: unknown[]) => lines.push(items.join(" "));
  try {
    assert.equal(await writeOutput("--junit", `${dir}/a.xml`, () => "a"), true);
    assert.equal(await Deno.readTextFile(`${dir}/a.xml`), "a");
    assert.equal(await writeOutput("--junit", `${dir}/sub/b.xml`, () => "b"), false);
    assert.match(lines.join("\n"), new RegExp(`^Could not write --junit ${dir}/sub/b.xml: No such file`));
    assert.equal(await writeOutput("--out", `${dir}/sub/b.xml`, () => "b", { createDir: true }), true);
    assert.equal(await Deno.readTextFile(`${dir}/sub/b.xml`), "b");
  } finally {
    console.error = error;
    await Deno.remove(dir, { recursive: true });
  }
});
