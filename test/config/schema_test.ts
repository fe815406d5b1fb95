import assert from "assert";
import { ConfigError, type Env, parseConfig } from "../../src/config/mod.ts";
import { formatPath } from "../../src/config/error.ts";
import { validateConfig } from "../../src/config/schema.ts";

const TARGETS = "targets:\n  demo:\n    url: http://127.0.0.1:8081\n";
const SLI_TYPES = "probe_availability, probe_latency, request_success, request_latency, accuracy, drift";

/** The ConfigError message lines for a config that must fail. */
function errorsOf(yaml: string, env: Env = {}): string[] {
  try {
    parseConfig(yaml, { source: "vigil.yaml", env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split("\n");
    throw error;
  }
  throw new assert.AssertionError({ message: "expected a ConfigError" });
}

function probe(fields: string): string {
  return `${TARGETS}probes:\n  - name: p\n    target: demo\n    path: /\n${fields}`;
}

Deno.test("parseConfig() names probes[2].assert.status for a bad status", () => {
  const yaml = `${TARGETS}probes:
  - { name: a, target: demo, path: / }
  - { name: b, target: demo, path: / }
  - { name: c, target: demo, path: /, assert: { status: abc } }
`;
  assert.deepEqual(errorsOf(yaml), [
    'vigil.yaml: probes[2].assert.status: expected an HTTP status code (100-599) or a class like "2xx", got "abc"',
  ]);
});

Deno.test("parseConfig() names the item of a status list that is out of range", () => {
  assert.deepEqual(errorsOf(probe("    assert: { status: [200, 5xx, 700] }\n")), [
    'vigil.yaml: probes[0].assert.status[2]: expected an HTTP status code (100-599) or a class like "2xx", got 700',
  ]);
  assert.match(
    errorsOf(probe("    assert: { status: [] }\n"))[0]!,
    /status: expected at least one .* got an empty list$/,
  );
});

Deno.test("parseConfig() names an unknown key, suggests the right one and lists the allowed keys", () => {
  assert.deepEqual(errorsOf(probe("    intervall: 5s\n")), [
    'vigil.yaml: probes[0].intervall: unknown key; did you mean "interval"? (allowed: name, target, method, path, ' +
    "headers, body, interval, timeout, jitter, assert)",
  ]);
  assert.deepEqual(errorsOf(`${TARGETS}colour: blue\n`), [
    "vigil.yaml: colour: unknown key (allowed: server, storage, targets, probes, slos, alerting, instrumentation, models)",
  ]);
  assert.match(
    errorsOf(`${TARGETS}server: { prot: 1 }\n`)[0]!,
    /^vigil\.yaml: server\.prot: unknown key; did you mean "port"\?/,
  );
  assert.match(
    errorsOf(`${TARGETS.replace("url:", "urll:")}`).join("\n"),
    /targets\.demo\.urll: unknown key/,
  );
  assert.match(
    errorsOf(probe("    assert: { json: [{ path: a, equals: 1, equal: 2 }] }\n"))[0]!,
    /probes\[0\]\.assert\.json\[0\]\.equal: unknown key; did you mean "equals"\?/,
  );
});

Deno.test("parseConfig() rejects a bare number for a duration, asking for a unit", () => {
  assert.deepEqual(errorsOf(probe("    interval: 5\n")), [
    'vigil.yaml: probes[0].interval: expected a duration with a unit, like "5s", got 5',
  ]);
  assert.deepEqual(errorsOf(probe("    interval: ${INTERVAL}\n"), { INTERVAL: "30" }), [
    'vigil.yaml: probes[0].interval: expected a duration with a unit, like "5s", got "30"',
  ]);
});

Deno.test("parseConfig() explains an unparsable duration", () => {
  assert.deepEqual(errorsOf(probe("    interval: 5x\n")), [
    'vigil.yaml: probes[0].interval: expected a duration like "5s" or "1h30m", got "5x" (unknown unit "x")',
  ]);
});

Deno.test("parseConfig() requires an interval of at least 1s and a positive duration elsewhere", () => {
  assert.deepEqual(errorsOf(probe("    interval: 500ms\n")), [
    'vigil.yaml: probes[0].interval: expected a duration of at least 1s, got "500ms"',
  ]);
  assert.deepEqual(errorsOf(`${TARGETS}storage: { retention: 0s }\n`), [
    'vigil.yaml: storage.retention: expected a duration greater than 0, got "0s"',
  ]);
});

Deno.test("parseConfig() rejects a timeout longer than the interval", () => {
  assert.deepEqual(errorsOf(probe("    interval: 5s\n    timeout: 10s\n")), [
    "vigil.yaml: probes[0].timeout: expected at most the interval (5s), got 10s",
  ]);
});

Deno.test("parseConfig() rejects a body on a GET probe", () => {
  assert.deepEqual(errorsOf(probe("    method: GET\n    body: { text: hi }\n")), [
    'vigil.yaml: probes[0].method: expected a method that allows a body (POST, PUT, PATCH, DELETE, OPTIONS), got "GET"',
  ]);
});

Deno.test("parseConfig() checks probe fields: name, method, path, jitter", () => {
  const yaml = `${TARGETS}probes:
  - { name: "my probe", target: demo, path: healthz, method: FETCH, jitter: 0.7 }
`;
  assert.deepEqual(errorsOf(yaml), [
    'vigil.yaml: probes[0].name: expected a name of letters, digits, "_", "." or "-", got "my probe"',
    'vigil.yaml: probes[0].path: expected a path starting with "/", got "healthz"',
    'vigil.yaml: probes[0].method: expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, got "FETCH"',
    "vigil.yaml: probes[0].jitter: expected a number from 0 to 0.5, got 0.7",
  ]);
});

Deno.test("parseConfig() names a missing required field", () => {
  assert.deepEqual(errorsOf(`${TARGETS}probes:\n  - { name: p, target: demo }\n`), [
    'vigil.yaml: probes[0].path: expected a path starting with "/", got nothing',
  ]);
  assert.deepEqual(errorsOf("targets:\n  demo: {}\n"), [
    "vigil.yaml: targets.demo.url: expected an http:// or https:// URL, got nothing",
  ]);
});

Deno.test("parseConfig() names the wrong kind of section", () => {
  assert.deepEqual(errorsOf(`${TARGETS}probes: { name: p }\n`), [
    "vigil.yaml: probes: expected a list, got a mapping",
  ]);
  assert.deepEqual(errorsOf("targets: [a]\n"), ["vigil.yaml: targets: expected a mapping, got a list"]);
});

Deno.test("parseConfig() rejects a target URL that is not http(s)", () => {
  assert.deepEqual(errorsOf("targets:\n  demo:\n    url: ftp://example.com\n"), [
    'vigil.yaml: targets.demo.url: expected an http:// or https:// URL, got "ftp://example.com"',
  ]);
  assert.deepEqual(errorsOf("targets:\n  demo:\n    url: not a url\n"), [
    'vigil.yaml: targets.demo.url: expected an http:// or https:// URL, got "not a url"',
  ]);
  assert.match(errorsOf("targets:\n  demo:\n    url: http://x/?a=1\n")[0]!, /without "\?query"/);
});

Deno.test("parseConfig() rejects a bad target name and a bad header", () => {
  assert.deepEqual(errorsOf('targets:\n  "demo v2":\n    url: http://x\n'), [
    'vigil.yaml: targets["demo v2"]: expected a name of letters, digits, "_", "." or "-", got "demo v2"',
  ]);
  assert.deepEqual(
    errorsOf('targets:\n  demo:\n    url: http://x\n    headers: { "x key": 1, x-ok: [2] }\n'),
    [
      'vigil.yaml: targets.demo.headers["x key"]: expected an HTTP header name, got "x key"',
      "vigil.yaml: targets.demo.headers.x-ok: expected a header value on one line, got a list",
    ],
  );
});

Deno.test("parseConfig() names a probe whose target does not exist", () => {
  assert.deepEqual(errorsOf(`${TARGETS}probes:\n  - { name: p, target: staging, path: / }\n`), [
    'vigil.yaml: probes[0].target: unknown target "staging" (defined: demo)',
  ]);
  assert.deepEqual(errorsOf("probes:\n  - { name: p, target: demo, path: / }\n"), [
    'vigil.yaml: probes[0].target: unknown target "demo" (no targets are defined)',
  ]);
});

Deno.test("parseConfig() names a duplicate probe name at the second use", () => {
  const yaml = `${TARGETS}probes:
  - { name: healthz, target: demo, path: / }
  - { name: predict, target: demo, path: / }
  - { name: other, target: demo, path: / }
  - { name: healthz, target: demo, path: / }
`;
  assert.deepEqual(errorsOf(yaml), ['vigil.yaml: probes[3].name: duplicate probe name "healthz"']);
});

Deno.test("parseConfig() checks every kind of JSON assertion", () => {
  const yaml = probe(`    assert:
      json:
        - { path: "a..b", equals: 1 }
        - { path: x, equals: 1, exists: true }
        - { path: x }
        - { path: x, range: {} }
        - { path: x, range: { min: 2, max: 1 } }
        - { path: x, matches: "(" }
        - { path: x, one_of: [] }
        - { path: x, exists: maybe }
        - { path: x, range: { min: low } }
`);
  assert.deepEqual(errorsOf(yaml), [
    'vigil.yaml: probes[0].assert.json[0].path: expected a JSON path like "items[0].label", got "a..b" (expected a key at 3)',
    "vigil.yaml: probes[0].assert.json[1]: expected exactly one of equals, one_of, range, matches, exists, got equals and exists",
    "vigil.yaml: probes[0].assert.json[2]: expected exactly one of equals, one_of, range, matches, exists, got none",
    "vigil.yaml: probes[0].assert.json[3].range: expected min, max or both, got neither",
    "vigil.yaml: probes[0].assert.json[4].range: expected min <= max, got min 2 and max 1",
    'vigil.yaml: probes[0].assert.json[5].matches: expected a valid regular expression, got "(" (Invalid regular expression: /(/: Unterminated group)',
    "vigil.yaml: probes[0].assert.json[6].one_of: expected a non-empty list of values, got an empty list",
    'vigil.yaml: probes[0].assert.json[7].exists: expected true or false, got "maybe"',
    'vigil.yaml: probes[0].assert.json[8].range.min: expected a number, got "low"',
  ]);
});

Deno.test("parseConfig() checks the model assertion", () => {
  assert.deepEqual(errorsOf(probe("    assert: { model: { label_path: x } }\n")), [
    "vigil.yaml: probes[0].assert.model: expected label, min_confidence or both, got neither",
  ]);
  assert.deepEqual(errorsOf(probe("    assert: { model: { min_confidence: 1.5 } }\n")), [
    "vigil.yaml: probes[0].assert.model.min_confidence: expected a number from 0 to 1, got 1.5",
  ]);
});

Deno.test("parseConfig() checks SLO objectives as percentages in (0, 100)", () => {
  const slo = (objective: string) =>
    `${TARGETS}slos:\n  - { name: s, objective: ${objective}, sli: { probe_availability: { target: demo } } }\n`;
  for (const objective of ["100", "0", "-1", "abc"]) {
    assert.match(
      errorsOf(slo(objective))[0]!,
      /^vigil\.yaml: slos\[0\]\.objective: expected a percentage between 0 and 100 \(exclusive\), like 99\.9, got /,
    );
  }
});

Deno.test("parseConfig() names slos[0].sli when it does not hold exactly one SLI type", () => {
  const slo = (sli: string) => `${TARGETS}slos:\n  - { name: s, objective: 99, sli: ${sli} }\n`;
  assert.deepEqual(errorsOf(slo("{}")), [
    `vigil.yaml: slos[0].sli: expected exactly one SLI type (${SLI_TYPES}), got none`,
  ]);
  assert.deepEqual(
    errorsOf(slo("{ probe_availability: { target: demo }, probe_latency: { target: demo, threshold: 1s } }")),
    [
      `vigil.yaml: slos[0].sli: expected exactly one SLI type (${SLI_TYPES}), got 2: probe_availability, probe_latency`,
    ],
  );
  assert.deepEqual(errorsOf(slo("availability")), [
    `vigil.yaml: slos[0].sli: expected a mapping with one SLI type (${SLI_TYPES}), got "availability"`,
  ]);
  assert.deepEqual(errorsOf(`${TARGETS}slos:\n  - { name: s, objective: 99 }\n`), [
    `vigil.yaml: slos[0].sli: expected a mapping with one SLI type (${SLI_TYPES}), got nothing`,
  ]);
});

Deno.test("parseConfig() names an unknown SLI type and problems inside a known one", () => {
  const slo = (sli: string) => `${TARGETS}slos:\n  - { name: s, objective: 99, sli: ${sli} }\n`;
  assert.deepEqual(errorsOf(slo("{ probe_availabilty: { target: demo } }")), [
    'vigil.yaml: slos[0].sli.probe_availabilty: unknown SLI type; did you mean "probe_availability"? ' +
    `(allowed: ${SLI_TYPES})`,
  ]);
  assert.deepEqual(errorsOf(slo("{ probe_latency: { target: demo, threshold: 300 } }")), [
    'vigil.yaml: slos[0].sli.probe_latency.threshold: expected a duration with a unit, like "5s", got 300',
  ]);
  assert.deepEqual(errorsOf(slo("{ probe_latency: { target: demo, threshold: 1s, percentile: 95 } }")), [
    "vigil.yaml: slos[0].sli.probe_latency.percentile: unknown key (allowed: target, threshold)",
  ]);
});

Deno.test("parseConfig() names an SLO whose target does not exist, and duplicate SLO names", () => {
  const yaml = `${TARGETS}slos:
  - { name: s, objective: 99, sli: { probe_availability: { target: staging } } }
  - { name: s, objective: 99, sli: { probe_latency: { target: demo, threshold: 1s } } }
`;
  assert.deepEqual(errorsOf(yaml), [
    'vigil.yaml: slos[0].sli.probe_availability.target: unknown target "staging" (defined: demo)',
    'vigil.yaml: slos[1].name: duplicate SLO name "s"',
  ]);
});

Deno.test("parseConfig() rejects a non-numeric string where a number belongs", () => {
  assert.deepEqual(errorsOf(probe("    jitter: ${JITTER}\n"), { JITTER: "lots" }), [
    'vigil.yaml: probes[0].jitter: expected a number from 0 to 0.5, got "lots"',
  ]);
  assert.deepEqual(errorsOf(`${TARGETS}server: { port: "80a" }\n`), [
    'vigil.yaml: server.port: expected a port number (0-65535), got "80a"',
  ]);
});

Deno.test("parseConfig() truncates long values in messages", () => {
  const long = "x".repeat(100);
  assert.deepEqual(errorsOf(probe("").replace("path: /", `path: ${long}`)), [
    `vigil.yaml: probes[0].path: expected a path starting with "/", got "${"x".repeat(40)}…"`,
  ]);
});

Deno.test("parseConfig() lists every problem at once, in file order", () => {
  const yaml = `server: { port: -1 }
targets:
  demo: { url: "\${STAGING_URL}" }
probes:
  - { name: p, target: nope, path: /, interval: 1 }
slos:
  - { name: s, objective: 150, sli: { probe_availability: { target: demo } } }
`;
  assert.deepEqual(errorsOf(yaml).map((line) => line.split(": ")[1]), [
    "server.port",
    "targets.demo.url",
    "probes[0].target",
    "probes[0].interval",
    "slos[0].objective",
  ]);
});

Deno.test("parseConfig() reads every SLI kind, with their defaults", () => {
  const config = parseConfig(
    `${TARGETS}slos:
  - { name: a, objective: 99, sli: { request_success: { model: m } } }
  - { name: b, objective: 99, sli: { request_latency: { model: m, endpoint: /p, threshold: 250ms } } }
  - { name: c, objective: 90, sli: { accuracy: { model: m } } }
  - { name: d, objective: 95, sli: { drift: { model: m } } }
`,
    { source: "vigil.yaml", env: {} },
  );
  assert.deepEqual(config.slos.map((slo) => slo.sli), [
    { type: "request_success", model: "m" },
    { type: "request_latency", model: "m", endpoint: "/p", thresholdMs: 250 },
    { type: "accuracy", model: "m", labelFreshnessMs: 86_400_000 },
    { type: "drift", model: "m", below: "warning" },
  ]);
  // Accuracy and drift are slow signals: they ticket, and page only when asked to.
  assert.deepEqual(config.slos.map((slo) => slo.alerting.page), [true, true, false, false]);
  assert.deepEqual(config.slos[0]!.alerting, { page: true, ticket: true, labels: {}, noDataForMs: 600_000 });
  assert.equal(config.slos[0]!.minTraffic, 0);
});

Deno.test("parseConfig() reads an SLO's min_traffic and alerting block", () => {
  const config = parseConfig(
    `${TARGETS}slos:
  - name: a
    objective: 99.5
    min_traffic: 100
    sli: { probe_availability: { target: demo } }
    alerting: { page: false, ticket: true, labels: { team: ml, tier: 1 }, runbook: "https://rb/a", no_data_for: 30m }
`,
    { source: "vigil.yaml", env: {} },
  );
  assert.equal(config.slos[0]!.minTraffic, 100);
  assert.deepEqual(config.slos[0]!.alerting, {
    page: false,
    ticket: true,
    labels: { team: "ml", tier: "1" },
    runbook: "https://rb/a",
    noDataForMs: 1_800_000,
  });
});

Deno.test("parseConfig() rejects a request latency threshold that is not a histogram bucket", () => {
  const slo = (threshold: string) =>
    `${TARGETS}slos:\n  - { name: s, objective: 99, sli: { request_latency: { model: m, threshold: ${threshold} } } }\n`;
  assert.deepEqual(errorsOf(slo("300ms")), [
    "vigil.yaml: slos[0].sli.request_latency.threshold: expected a bucket of ml_request_duration_seconds " +
    "(the defaults; declare others in instrumentation.latency_buckets: 5ms, 10ms, 25ms, 50ms, 100ms, 250ms, " +
    '500ms, 1s, 2.5s, 5s, 10s), got "300ms": a ratio under a threshold between buckets would be a guess',
  ]);
  assert.doesNotThrow(() => parseConfig(slo("250ms"), { source: "vigil.yaml", env: {} }));
  const declared = `instrumentation: { latency_buckets: [100ms, 300ms, 1s] }\n`;
  assert.doesNotThrow(() => parseConfig(declared + slo("300ms"), { source: "vigil.yaml", env: {} }));
  assert.deepEqual(errorsOf(declared + slo("250ms")), [
    "vigil.yaml: slos[0].sli.request_latency.threshold: expected a bucket of ml_request_duration_seconds " +
    '(instrumentation.latency_buckets: 100ms, 300ms, 1s), got "250ms": a ratio under a threshold between ' +
    "buckets would be a guess",
  ]);
});

Deno.test("parseConfig() rejects an objective outside (0, 100) for every SLI kind", () => {
  for (const objective of ["0", "100", "-1", "100.5"]) {
    const yaml = `${TARGETS}slos:\n  - { name: s, objective: ${objective}, sli: { drift: { model: m } } }\n`;
    assert.match(
      errorsOf(yaml)[0]!,
      /^vigil\.yaml: slos\[0\]\.objective: expected a percentage between 0 and 100/,
    );
  }
});

Deno.test("parseConfig() names an accuracy or drift SLO's unknown model once models are declared", () => {
  // Without a `models:` section, any name is accepted (the drift engine is configured elsewhere).
  assert.doesNotThrow(() =>
    parseConfig(`slos:\n  - { name: s, objective: 99, sli: { request_success: { model: other } } }\n`, {
      source: "vigil.yaml",
      env: {},
    })
  );
  const result = validateConfig({
    models: { sentiment: {} },
    slos: [{ name: "s", objective: 99, sli: { accuracy: { model: "sentimnet" } } }],
  });
  assert.equal(result.ok, false);
  assert.ok(
    !result.ok && result.issues.some((issue) =>
      formatPath(issue.path) === "slos[0].sli.accuracy.model" &&
      issue.message === 'unknown model "sentimnet" (defined: sentiment)'
    ),
  );
  // Request SLIs read the instrumented service's metrics, which any model may report.
  const request = validateConfig({
    models: { sentiment: {} },
    slos: [{ name: "s", objective: 99, sli: { request_success: { model: "other" } } }],
  });
  assert.ok(request.ok || !request.issues.some((issue) => /unknown model/.test(issue.message)));
});

Deno.test("parseConfig() names bad SLO alerting fields", () => {
  const slo = (extra: string, sli = "{ probe_availability: { target: demo } }") =>
    `${TARGETS}slos:\n  - { name: s, objective: 99, sli: ${sli}, ${extra} }\n`;
  assert.deepEqual(errorsOf(slo("alerting: { labels: { severity: low } }")), [
    'vigil.yaml: slos[0].alerting.labels.severity: expected a label Vigil does not set itself (not alertname, severity, slo, service, model, target), got "severity"',
  ]);
  assert.deepEqual(errorsOf(slo("alerting: { labels: { 'team-name': x } }")), [
    'vigil.yaml: slos[0].alerting.labels.team-name: expected a Prometheus label name, got "team-name"',
  ]);
  assert.deepEqual(
    errorsOf(slo("alerting: { pgae: true }"))[0],
    'vigil.yaml: slos[0].alerting.pgae: unknown key; did you mean "page"? (allowed: page, ticket, labels, runbook, no_data_for)',
  );
  assert.deepEqual(errorsOf(slo("min_traffic: 1.5")), [
    "vigil.yaml: slos[0].min_traffic: expected a whole number of events, 0 or more, got 1.5",
  ]);
  assert.deepEqual(errorsOf(slo("min_traffic: 10", "{ drift: { model: m } }")), [
    "vigil.yaml: slos[0].min_traffic: expected no min_traffic for a drift SLI (its events are evaluations, not traffic), got 10",
  ]);
  assert.deepEqual(errorsOf(slo("", "{ drift: { model: m, below: high } }")), [
    'vigil.yaml: slos[0].sli.drift.below: expected one of info, warning, critical, got "high"',
  ]);
});

Deno.test("parseConfig() reads receivers, routes and secrets, and names an unknown receiver", () => {
  const config = parseConfig(
    `alerting:
  receivers:
    pager: { pagerduty: { routing_key: { env: PD_KEY } } }
    chat: { slack: { api_url: { file: /run/slack }, channel: "#ml" } }
    hook: { webhook: { url: "http://127.0.0.1:9/x?token=1", bearer_token: s3cret } }
  routes: { critical: pager, warning: chat }
  repeat_interval: 1h
`,
    { source: "vigil.yaml", env: {} },
  );
  assert.deepEqual(config.alerting.receivers, {
    pager: { name: "pager", pagerduty: { routingKey: { env: "PD_KEY" } } },
    chat: { name: "chat", slack: { apiUrl: { file: "/run/slack" }, channel: "#ml" } },
    hook: {
      name: "hook",
      webhook: { url: "http://127.0.0.1:9/x?token=1", bearerToken: { value: "s3cret" } },
    },
  });
  assert.deepEqual(config.alerting.routes, { critical: "pager", warning: "chat" });
  assert.equal(config.alerting.repeatIntervalMs, 3_600_000);
  assert.equal(config.alerting.thresholds.driftMinSamples, 500);
  assert.deepEqual(
    errorsOf(
      "alerting:\n  receivers: { chat: { slack: { api_url: { env: 1x } } } }\n  routes: { critical: pagr }\n",
    ),
    [
      "vigil.yaml: alerting.receivers.chat.slack.api_url: expected a value, { env: VARIABLE } or { file: /path }, got a mapping",
      'vigil.yaml: alerting.routes.critical: unknown receiver "pagr" (defined: chat)',
    ],
  );
  assert.deepEqual(errorsOf("alerting:\n  receivers: { empty: {} }\n"), [
    "vigil.yaml: alerting.receivers.empty: expected at least one of webhook, slack, pagerduty, got none",
  ]);
  assert.deepEqual(errorsOf("alerting: { thresholds: { tls_warning: 2d, tls_critical: 3d } }\n"), [
    "vigil.yaml: alerting.thresholds.tls_critical: expected less than tls_warning (2d), got 3d",
  ]);
});

Deno.test("parseConfig() reads the instrumentation section", () => {
  const config = parseConfig(
    "instrumentation: { job: fraud, metrics_urls: [http://a:9100/metrics], latency_buckets: [1s, 100ms, 1s] }\n",
    { source: "vigil.yaml", env: {} },
  );
  assert.deepEqual(config.instrumentation, {
    job: "fraud",
    metricsUrls: ["http://a:9100/metrics"],
    latencyBucketsMs: [100, 1000],
  });
  assert.deepEqual(errorsOf("instrumentation: { latency_buckets: [100ms, fast] }\n"), [
    'vigil.yaml: instrumentation.latency_buckets[1]: expected a duration like "250ms", got "fast"',
  ]);
  assert.deepEqual(errorsOf("instrumentation: { metrics_urls: [ftp://a] }\n"), [
    'vigil.yaml: instrumentation.metrics_urls[0]: expected an http:// or https:// URL, got "ftp://a"',
  ]);
});
