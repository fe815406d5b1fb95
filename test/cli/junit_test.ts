import assert from "assert";
import { junitXml } from "../../src/cli/junit.ts";

Deno.test("junitXml() reports a case that was not measured as skipped, not failed", () => {
  const text = junitXml("vigil check", [
    { name: "avail", classname: "slo" },
    { name: "requests", classname: "slo", skipped: "not measured by check: Prometheus evaluates this SLI" },
  ]);
  assert.match(text, /tests="2" failures="0" errors="0" skipped="1"/);
  assert.match(
    text,
    /<testcase name="requests" classname="slo" time="0.000">\s*<skipped message="not measured by check: Prometheus evaluates this SLI"\/>\s*<\/testcase>/,
  );
  assert.doesNotMatch(junitXml("s", [{ name: "a", classname: "slo" }]), /skipped=/);
});
