import assert from "assert";
import { fromInvocationDir } from "../../src/cli/invocation_dir.ts";

Deno.test("command-line paths are relative to where deno task was started (INIT_CWD)", () => {
  const env = (dir: string | undefined) => (name: string) => name === "INIT_CWD" ? dir : undefined;
  assert.equal(
    fromInvocationDir("smoke.ts", env("/home/me/repo/scenarios")),
    "/home/me/repo/scenarios/smoke.ts",
  );
  assert.equal(
    fromInvocationDir("../out/r.html", env("/home/me/repo/scenarios")),
    "/home/me/repo/out/r.html",
  );
  assert.equal(fromInvocationDir("/abs/s.js", env("/home/me")), "/abs/s.js", "absolute stays");
  assert.equal(fromInvocationDir("s.js", env(undefined)), "s.js", "no INIT_CWD: the working directory's");
});
