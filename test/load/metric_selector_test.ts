import assert from "assert";
import { parseMetricSelector } from "../../src/load/metric_selector.ts";

// Ported from k6 metrics/metric_test.go: TestParseMetricName (which selectors parse) and TestAddSubmetric (what
// the tags become once trimmed and unquoted), plus the selector forms thresholds use.
const VALID: [string, string, Record<string, string>][] = [
  ["test_metric", "test_metric", {}],
  ["test_metric{abc:123}", "test_metric", { abc: "123" }],
  ["test_metric{abc:123,easyas:doremi}", "test_metric", { abc: "123", easyas: "doremi" }],
  ["test_metric{abc:123, easyas:doremi}", "test_metric", { abc: "123", easyas: "doremi" }],
  ["test_metric{group:::mygroup}", "test_metric", { group: "::mygroup" }],
  ["http_req_duration{name:http://${}.com}", "http_req_duration", { name: "http://${}.com" }],
  [
    "http_req_duration{name:http://${}.com,url:ssh://github.com:grafana/k6}",
    "http_req_duration",
    { name: "http://${}.com", url: "ssh://github.com:grafana/k6" },
  ],
  // TestAddSubmetric
  ["metric{a:1}", "metric", { a: "1" }],
  ["metric{ a : 1 }", "metric", { a: "1" }],
  ["metric{ a:\"\",b: ''}", "metric", { a: "", b: "" }],
  ["metric{a:1,b:2}", "metric", { a: "1", b: "2" }],
  ["metric{ a : 1, b : 2 }", "metric", { a: "1", b: "2" }],
  ["metric{a : '1' , b : \"2\"}", "metric", { a: "1", b: "2" }],
  ['metric{" a" : \' 1\' , b : "2 " }', "metric", { " a": " 1", b: "2 " }],
  // Threshold selectors
  ["http_req_duration{status:200}", "http_req_duration", { status: "200" }],
  ["http_req_duration{scenario:api,method:POST}", "http_req_duration", { scenario: "api", method: "POST" }],
  ["http_req_duration{name:my page}", "http_req_duration", { name: "my page" }],
  ['http_req_duration{name:"it\'s here"}', "http_req_duration", { name: "it's here" }],
  ["http_req_duration{expected_response:true}", "http_req_duration", { expected_response: "true" }],
  ["checks{check:status is 200}", "checks", { check: "status is 200" }],
  ["m{a:1,a:2}", "m", { a: "2" }],
  // As in k6: a value that is only spaces passes the check and becomes empty; so does an empty key
  ["m{status: }", "m", { status: "" }],
  ["m{:x}", "m", { "": "x" }],
  // The name is taken verbatim (k6 then fails to find "m "), and not validated here
  ["m {a:1}", "m ", { a: "1" }],
  ["{a:1}", "", { a: "1" }],
];

for (const [selector, metric, tags] of VALID) {
  Deno.test(`parseMetricSelector() reads ${JSON.stringify(selector)}`, () => {
    assert.deepEqual(parseMetricSelector(selector), { metric, tags });
  });
}

Deno.test("parseMetricSelector() keeps a __proto__ tag as a tag", () => {
  const { tags } = parseMetricSelector("m{__proto__:x}");
  assert.ok(Object.hasOwn(tags, "__proto__"));
  assert.equal(tags["__proto__"], "x");
  assert.equal(Object.getPrototypeOf(tags), Object.prototype);
});

const INVALID: [string, string][] = [
  ["test_metric{easyas}", 'tag "easyas" is malformed, expected key:value'],
  ["test_metric{easyas:}", 'tag "easyas:" is malformed, expected key:value'],
  ["test_metric{abc:123,easyas:}", 'tag "easyas:" is malformed, expected key:value'],
  ["test_metric{abc:123,easyas:doremi", "unmatched curly brace"],
  ["test_metricabc:123,easyas:doremi}", "unmatched curly brace"],
  ["test_metric}abc:123,easyas:doremi}", "unmatched curly brace"],
  ["test_metric}abc{bar", "closing curly brace before the opening one"],
  ["test_metric{foo:ba}r", "text after the closing curly brace"],
  ["m{}", 'tag "" is malformed, expected key:value'],
  ["m{ }", 'tag " " is malformed, expected key:value'],
  ["m{a:1,}", 'tag "" is malformed, expected key:value'],
  ["m{a,b}", 'tag "a" is malformed, expected key:value'],
];

for (const [selector, detail] of INVALID) {
  Deno.test(`parseMetricSelector() rejects ${JSON.stringify(selector)}: ${detail}`, () => {
    assert.throws(() => parseMetricSelector(selector), {
      name: "SyntaxError",
      message: `Cannot parse metric selector ${JSON.stringify(selector)}: ${detail}`,
    });
  });
}
