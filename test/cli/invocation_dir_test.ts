import assert from "assert";
import { fromInvocationDir } from "../../src/cli/invocation_dir.ts";

const everywhere = () => true;

Deno.test("command-line paths are relative to where deno task was started (INIT_CWD)", () => {
  const env = (dir: string | undefined) => (name: string) => name === "INIT_CWD" ? dir : undefined;
  assert.equal(
    fromInvocationDir("smoke.ts", env("/home/me/repo/scenarios"), everywhere),
    "/home/me/repo/scenarios/smoke.ts",
  );
  assert.equal(
    fromInvocationDir("../out/r.html", env("/home/me/repo/scenarios"), everywhere),
    "/home/me/repo/out/r.html",
  );
  assert.equal(fromInvocationDir("/abs/s.js", env("/home/me")), "/abs/s.js", "absolute stays");
  assert.equal(fromInvocationDir("s.js", env(undefined)), "s.js", "no INIT_CWD: the working directory's");
});

Deno.test("an INIT_CWD inherited from an outer task gives way to the working directory when only that has the path", () => {
  const env = (name: string) => name === "INIT_CWD" ? "/outer" : undefined;
  const files = new Set(["scenarios", "scenarios/smoke.ts", "/outer"]);
  const exists = (p: string) => files.has(p);
  assert.equal(fromInvocationDir("scenarios/smoke.ts", env, exists), "scenarios/smoke.ts");
  files.add("/outer/scenarios");
  files.add("/outer/scenarios/smoke.ts");
  assert.equal(
    fromInvocationDir("scenarios/smoke.ts", env, exists),
    "/outer/scenarios/smoke.ts",
    "INIT_CWD first",
  );
});

Deno.test("a folder of the same name under INIT_CWD does not win over the file in the working directory", () => {
  const env = (name: string) => name === "INIT_CWD" ? "/outer" : undefined;
  const files = new Set(["scripts", "scripts/smoke.js", "/outer", "/outer/scripts"]);
  assert.equal(fromInvocationDir("scripts/smoke.js", env, (p) => files.has(p)), "scripts/smoke.js");
});
