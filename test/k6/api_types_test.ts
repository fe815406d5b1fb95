/**
 * Vigil's k6 modules against k6's own type definitions (@types/k6): every function a script can call
 * accepts what k6's types allow. Return types differ by design — blocking calls return a promise here,
 * and the script transform awaits it — so they are compared after awaiting.
 */
import assert from "assert";
import type * as K6 from "k6";
import type * as K6Http from "k6/http";
import type * as K6Metrics from "k6/metrics";
import type * as K6Encoding from "k6/encoding";
import type * as K6Crypto from "k6/crypto";
import * as k6 from "../../src/k6/mod.ts";
import * as http from "../../src/k6/http.ts";
import * as metrics from "../../src/k6/metrics.ts";
import * as encoding from "../../src/k6/encoding.ts";
import * as crypto from "../../src/k6/crypto.ts";

/** A function taking k6's arguments, returning the same thing or a promise of it (awaited by the transform). */
type Accepts<F> = F extends (...args: infer A) => unknown ? (...args: A) => unknown : never;

// Compile-time: each assignment fails type checking if ours rejects an argument k6's types accept.
const checks = {
  check: k6.check satisfies Accepts<typeof K6.check>,
  group: k6.group satisfies Accepts<typeof K6.group>,
  sleep: k6.sleep satisfies Accepts<typeof K6.sleep>,
  fail: k6.fail satisfies Accepts<typeof K6.fail>,
  randomSeed: k6.randomSeed satisfies Accepts<typeof K6.randomSeed>,
  get: http.get satisfies Accepts<typeof K6Http.get>,
  head: http.head satisfies Accepts<typeof K6Http.head>,
  post: http.post satisfies Accepts<typeof K6Http.post>,
  put: http.put satisfies Accepts<typeof K6Http.put>,
  patch: http.patch satisfies Accepts<typeof K6Http.patch>,
  del: http.del satisfies Accepts<typeof K6Http.del>,
  options: http.options satisfies Accepts<typeof K6Http.options>,
  request: http.request satisfies Accepts<typeof K6Http.request>,
  asyncRequest: http.asyncRequest satisfies Accepts<typeof K6Http.asyncRequest>,
  file: http.file satisfies Accepts<typeof K6Http.file>,
  b64encode: encoding.b64encode satisfies Accepts<typeof K6Encoding.b64encode>,
  b64decode: encoding.b64decode satisfies Accepts<typeof K6Encoding.b64decode>,
  hmac: crypto.hmac satisfies Accepts<typeof K6Crypto.hmac>,
  sha256: crypto.sha256 satisfies Accepts<typeof K6Crypto.sha256>,
  createHMAC: crypto.createHMAC satisfies Accepts<typeof K6Crypto.createHMAC>,
  randomBytes: crypto.randomBytes satisfies Accepts<typeof K6Crypto.randomBytes>,
  expectedStatuses: http.expectedStatuses satisfies Accepts<typeof K6Http.expectedStatuses>,
  batch: http.batch satisfies Accepts<typeof K6Http.batch>,
  cookieJar: http.cookieJar satisfies Accepts<typeof K6Http.cookieJar>,
  submitForm: http.Response.prototype.submitForm satisfies Accepts<K6Http.Response["submitForm"]>,
  clickLink: http.Response.prototype.clickLink satisfies Accepts<K6Http.Response["clickLink"]>,
};

/** A constructor taking k6's arguments. */
type Constructs<C> = C extends abstract new (...args: infer A) => unknown ? new (...args: A) => unknown
  : never;
const metricClasses = {
  Counter: metrics.Counter satisfies Constructs<typeof K6Metrics.Counter>,
  Gauge: metrics.Gauge satisfies Constructs<typeof K6Metrics.Gauge>,
  Rate: metrics.Rate satisfies Constructs<typeof K6Metrics.Rate>,
  Trend: metrics.Trend satisfies Constructs<typeof K6Metrics.Trend>,
};

Deno.test("the k6 modules export every function scripts call, accepting k6's argument types", () => {
  for (const [name, fn] of Object.entries(checks)) assert.equal(typeof fn, "function", name);
  for (const [name, Metric] of Object.entries(metricClasses)) assert.equal(typeof Metric, "function", name);
});
