import assert from "assert";
import { interpolate, interpolateTree } from "../../src/config/interpolate.ts";

Deno.test("interpolate() replaces ${VAR} with its value", () => {
  assert.equal(
    interpolate("http://${HOST}:${PORT}/", { HOST: "example.com", PORT: "80" }),
    "http://example.com:80/",
  );
});

Deno.test("interpolate() uses the default when VAR is unset or empty, like sh", () => {
  assert.equal(interpolate("${URL:-http://127.0.0.1:8081}", {}), "http://127.0.0.1:8081");
  assert.equal(interpolate("${URL:-http://127.0.0.1:8081}", { URL: "" }), "http://127.0.0.1:8081");
  assert.equal(interpolate("${URL:-http://127.0.0.1:8081}", { URL: "https://x" }), "https://x");
  assert.equal(interpolate("${TOKEN:-}", {}), "");
});

Deno.test("interpolate() keeps a set but empty variable without a default", () => {
  assert.equal(interpolate("[${EMPTY}]", { EMPTY: "" }), "[]");
});

Deno.test("interpolate() turns $$ into $ and leaves a lone $ alone", () => {
  assert.equal(interpolate("price: $$5", {}), "price: $5");
  assert.equal(interpolate("$${NOT_A_VAR}", {}), "${NOT_A_VAR}");
  assert.equal(interpolate("^ok$", {}), "^ok$");
  assert.equal(interpolate("a $ b", {}), "a $ b");
});

Deno.test("interpolate() does not expand a variable's value again", () => {
  assert.equal(interpolate("${A}", { A: "${B}", B: "no" }), "${B}");
});

Deno.test("interpolate() throws ReferenceError naming an unset variable", () => {
  assert.throws(() => interpolate("${STAGING_URL}", {}), {
    name: "ReferenceError",
    message: 'Cannot interpolate "${STAGING_URL}": environment variable "STAGING_URL" is not set',
  });
});

Deno.test("interpolate() throws SyntaxError for an unclosed or malformed reference", () => {
  assert.throws(() => interpolate("${OPEN", {}), { name: "SyntaxError", message: /unterminated "\$\{"/ });
  assert.throws(() => interpolate("${1BAD}", {}), { name: "SyntaxError", message: /expected \$\{NAME\}/ });
  assert.throws(() => interpolate("${}", {}), SyntaxError);
  assert.throws(() => interpolate("${A-b}", {}), SyntaxError);
});

Deno.test("interpolateTree() interpolates strings nested in mappings and lists", () => {
  const tree = {
    targets: { demo: { url: "${URL}", headers: { "x-api-key": "${KEY:-none}" } } },
    probes: [{ name: "p", assert: { json: [{ path: "v", one_of: ["${A}", "b", 3, true, null] }] } }],
  };
  const { value, issues } = interpolateTree(tree, { URL: "http://x", A: "a" });
  assert.deepEqual(issues, []);
  assert.deepEqual(value, {
    targets: { demo: { url: "http://x", headers: { "x-api-key": "none" } } },
    probes: [{ name: "p", assert: { json: [{ path: "v", one_of: ["a", "b", 3, true, null] }] } }],
  });
});

Deno.test("interpolateTree() reports every unset variable with its path", () => {
  const tree = {
    targets: { demo: { url: "${STAGING_URL}" } },
    probes: [{ body: { items: ["ok", "${X}"] } }],
  };
  const { issues } = interpolateTree(tree, {});
  assert.deepEqual(issues, [
    { path: ["targets", "demo", "url"], message: 'environment variable "STAGING_URL" is not set' },
    { path: ["probes", 0, "body", "items", 1], message: 'environment variable "X" is not set' },
  ]);
});

Deno.test("interpolateTree() leaves mapping keys and the input tree untouched", () => {
  const tree = { "${KEY}": "${VALUE}" };
  const { value } = interpolateTree(tree, { KEY: "k", VALUE: "v" });
  assert.deepEqual(value, { "${KEY}": "v" });
  assert.deepEqual(tree, { "${KEY}": "${VALUE}" });
});
