import assert from "assert";
import {
  type Config,
  ConfigError,
  latencyThresholdsMs,
  loadConfig,
  overrideTarget,
  parseConfig,
} from "../../src/config/mod.ts";

const fixture = (name: string) => new URL(`../fixtures/config/${name}`, import.meta.url).pathname;
const EXAMPLE = new URL("../../vigil.example.yaml", import.meta.url).pathname;

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new assert.AssertionError({ message: "expected a ConfigError" });
}

const MINIMAL = `
targets:
  demo:
    url: http://127.0.0.1:8081/
probes:
  - name: healthz
    target: demo
    path: /healthz
slos:
  - name: avail
    objective: 99.9
    sli:
      probe_availability: { target: demo }
`;

Deno.test("parseConfig() applies every default", () => {
  const config = parseConfig(MINIMAL, { source: "vigil.yaml", env: {} });
  assert.equal(config.source, "vigil.yaml");
  assert.deepEqual(config.server, { port: 8080, hostname: "127.0.0.1" });
  assert.deepEqual(config.storage, { path: ".vigil/vigil.db", retentionMs: 35 * 86_400_000 });
  assert.deepEqual(config.targets, { demo: { name: "demo", url: "http://127.0.0.1:8081", headers: {} } });
  const [probe] = config.probes;
  assert.deepEqual(probe, {
    name: "healthz",
    target: "demo",
    method: "GET",
    path: "/healthz",
    headers: {},
    intervalMs: 30_000,
    timeoutMs: 10_000,
    jitter: 0.1,
    assert: { status: Array.from({ length: 100 }, (_, i) => 200 + i), json: [] },
  });
  assert.deepEqual(config.slos, [{
    name: "avail",
    sli: { type: "probe_availability", target: "demo" },
    objective: 0.999,
    periodMs: 30 * 86_400_000,
    minTraffic: 0,
    alerting: { page: true, ticket: true, labels: {}, noDataForMs: 600_000 },
  }]);
});

Deno.test("parseConfig() defaults the timeout to the interval when it is under 10s", () => {
  const config = parseConfig(MINIMAL.replace("path: /healthz", "path: /healthz\n    interval: 2s"), {
    source: "vigil.yaml",
    env: {},
  });
  assert.equal(config.probes[0]?.timeoutMs, 2_000);
});

Deno.test("parseConfig() defaults the method to POST when there is a body", () => {
  const config = parseConfig(MINIMAL.replace("path: /healthz", "path: /predict\n    body: { text: hi }"), {
    source: "vigil.yaml",
    env: {},
  });
  assert.equal(config.probes[0]?.method, "POST");
  assert.deepEqual(config.probes[0]?.body, { text: "hi" });
});

Deno.test("parseConfig() treats an empty optional section as its defaults", () => {
  const config = parseConfig(`server:\nstorage:\n${MINIMAL}`, { source: "vigil.yaml", env: {} });
  assert.equal(config.server.port, 8080);
  assert.equal(config.storage.path, ".vigil/vigil.db");
});

Deno.test("parseConfig() maps every field to its camelCase, millisecond form", () => {
  const yaml = `
server: { port: 9090, hostname: 0.0.0.0, token: secret }
storage: { path: ":memory:", retention: 7d }
targets:
  demo: { url: "https://demo.example.com/api", headers: { x-api-key: k, x-version: 2 } }
probes:
  - name: predict
    target: demo
    method: put
    path: /predict?verbose=1
    headers: { x-probe: "yes" }
    body: [1, "two", null]
    interval: 1m
    timeout: 1.5s
    jitter: 0
    assert:
      status: [200, "4xx", "201"]
      max_duration: 500ms
      json:
        - { path: $.status, equals: { ok: true } }
        - { path: label, one_of: [positive, negative] }
        - { path: "items[0].score", range: { min: 0 } }
        - { path: model_version, matches: "^nb-" }
        - { path: error, exists: false }
        - { path: nothing, equals: null }
      model: { label: 1, min_confidence: 0.8, label_path: "$.prediction.label", confidence_path: prediction.p }
slos:
  - name: latency
    description: fast enough
    objective: 95
    period: 7d
    sli: { probe_latency: { target: demo, threshold: 300ms } }
`;
  const config = parseConfig(yaml, { source: "<inline>", env: {} });
  assert.deepEqual(config.server, { port: 9090, hostname: "0.0.0.0", token: "secret" });
  assert.deepEqual(config.storage, { path: ":memory:", retentionMs: 7 * 86_400_000 });
  assert.deepEqual(config.targets.demo, {
    name: "demo",
    url: "https://demo.example.com/api",
    headers: { "x-api-key": "k", "x-version": "2" },
  });
  const probe = config.probes[0]!;
  assert.equal(probe.method, "PUT");
  assert.equal(probe.path, "/predict?verbose=1");
  assert.deepEqual(probe.headers, { "x-probe": "yes" });
  assert.deepEqual(probe.body, [1, "two", null]);
  assert.equal(probe.intervalMs, 60_000);
  assert.equal(probe.timeoutMs, 1_500);
  assert.equal(probe.jitter, 0);
  assert.deepEqual(
    probe.assert.status,
    [201, ...Array.from({ length: 100 }, (_, i) => 400 + i), 200].sort((a, b) => a - b),
  );
  assert.equal(probe.assert.maxDurationMs, 500);
  assert.deepEqual(probe.assert.json, [
    { path: "status", equals: { ok: true } },
    { path: "label", oneOf: ["positive", "negative"] },
    { path: "items[0].score", range: { min: 0 } },
    { path: "model_version", matches: "^nb-" },
    { path: "error", exists: false },
    { path: "nothing", equals: null },
  ]);
  assert.deepEqual(probe.assert.model, {
    label: "1",
    minConfidence: 0.8,
    labelPath: "prediction.label",
    confidencePath: "prediction.p",
  });
  assert.deepEqual(config.slos[0], {
    name: "latency",
    description: "fast enough",
    sli: { type: "probe_latency", target: "demo", thresholdMs: 300 },
    objective: 0.95,
    periodMs: 7 * 86_400_000,
    minTraffic: 0,
    alerting: { page: true, ticket: true, labels: {}, noDataForMs: 600_000 },
  });
});

Deno.test("parseConfig() omits an empty token rather than setting it to an empty string", () => {
  const config = parseConfig(`server: { token: "\${VIGIL_TOKEN:-}" }\n${MINIMAL}`, {
    source: "vigil.yaml",
    env: {},
  });
  assert.equal("token" in config.server, false);
  const withToken = parseConfig(`server: { token: "\${VIGIL_TOKEN:-}" }\n${MINIMAL}`, {
    source: "vigil.yaml",
    env: { VIGIL_TOKEN: "s3cret" },
  });
  assert.equal(withToken.server.token, "s3cret");
});

Deno.test("parseConfig() interpolates environment variables with defaults", () => {
  const yaml = MINIMAL.replace("http://127.0.0.1:8081/", "${DEMO_URL:-http://127.0.0.1:8081}");
  assert.equal(
    parseConfig(yaml, { source: "vigil.yaml", env: {} }).targets.demo?.url,
    "http://127.0.0.1:8081",
  );
  assert.equal(
    parseConfig(yaml, { source: "vigil.yaml", env: { DEMO_URL: "https://staging.example.com" } }).targets.demo
      ?.url,
    "https://staging.example.com",
  );
});

Deno.test("parseConfig() accepts numbers, booleans and durations from the environment", () => {
  const yaml = `
targets: { demo: { url: "http://x" } }
server: { port: "\${PORT:-8080}" }
probes:
  - name: p
    target: demo
    path: /
    interval: "\${INTERVAL:-5s}"
    jitter: "\${JITTER:-0.2}"
    assert: { status: "\${STATUS:-204}", json: [{ path: ok, exists: "\${EXISTS:-true}" }] }
slos:
  - { name: s, objective: "\${OBJECTIVE:-99.9}", sli: { probe_availability: { target: demo } } }
`;
  const config = parseConfig(yaml, { source: "vigil.yaml", env: { PORT: "9000", OBJECTIVE: "99.95" } });
  assert.equal(config.server.port, 9000);
  assert.equal(config.probes[0]?.intervalMs, 5_000);
  assert.equal(config.probes[0]?.jitter, 0.2);
  assert.deepEqual(config.probes[0]?.assert.status, [204]);
  assert.deepEqual(config.probes[0]?.assert.json, [{ path: "ok", exists: true }]);
  assert.equal(config.slos[0]?.objective, 0.9995);
});

Deno.test("parseConfig() names the path and variable of an unset environment variable", () => {
  const yaml = MINIMAL.replace("http://127.0.0.1:8081/", "${STAGING_URL}");
  const error = configError(() => parseConfig(yaml, { source: "vigil.yaml", env: {} }));
  assert.equal(error.message, 'vigil.yaml: targets.demo.url: environment variable "STAGING_URL" is not set');
  assert.deepEqual(error.issues, [{
    path: "targets.demo.url",
    message: 'environment variable "STAGING_URL" is not set',
  }]);
  assert.equal(error.file, "vigil.yaml");
});

Deno.test("parseConfig() does not interpolate inside YAML comments", () => {
  const config = parseConfig(`# url: \${NEVER_SET}\n${MINIMAL}`, { source: "vigil.yaml", env: {} });
  assert.equal(config.targets.demo?.url, "http://127.0.0.1:8081");
});

Deno.test("parseConfig() reports a YAML syntax error with line and column", () => {
  const error = configError(() =>
    parseConfig("targets:\n  demo: { url: http://x\nprobes: []\n", { source: "vigil.yaml", env: {} })
  );
  assert.match(error.message, /^vigil\.yaml:3:\d+: /);
  assert.equal(error.issues[0]?.line, 3);
  const duplicate = configError(() =>
    parseConfig("targets: {}\ntargets: {}\n", { source: "vigil.yaml", env: {} })
  );
  assert.equal(duplicate.message, "vigil.yaml:2:1: map keys must be unique");
});

Deno.test("parseConfig() rejects an empty file and a document that is not a mapping", () => {
  for (const text of ["", "# only a comment\n", "---\n"]) {
    const error = configError(() => parseConfig(text, { source: "vigil.yaml", env: {} }));
    assert.equal(
      error.message,
      "vigil.yaml: expected a mapping with targets, probes and slos, got an empty file",
    );
  }
  assert.equal(
    configError(() => parseConfig("- a\n- b\n", { source: "vigil.yaml", env: {} })).message,
    "vigil.yaml: expected a mapping with targets, probes and slos, got a list",
  );
  assert.equal(
    configError(() => parseConfig("hello\n", { source: "vigil.yaml", env: {} })).message,
    'vigil.yaml: expected a mapping with targets, probes and slos, got "hello"',
  );
});

Deno.test("parseConfig() accepts vigil.example.yaml", async () => {
  const text = await Deno.readTextFile(EXAMPLE);
  const config = parseConfig(text, { source: "vigil.example.yaml", env: {} });
  assert.equal(config.targets.demo?.url, "http://127.0.0.1:8081");
  assert.deepEqual(config.probes.map((probe) => probe.name), [
    "healthz",
    "predict-schema",
    "golden-positive",
    "golden-negative",
  ]);
  assert.ok(config.probes.every((probe) => probe.intervalMs === 5_000));
  const golden = config.probes.find((probe) => probe.name === "golden-positive")!;
  assert.equal(golden.method, "POST");
  assert.deepEqual(golden.body, {
    text: "I absolutely love this, it works perfectly and the quality is great",
  });
  assert.deepEqual(golden.assert.model, {
    label: "positive",
    minConfidence: 0.8,
    labelPath: "label",
    confidencePath: "confidence",
  });
  assert.deepEqual(config.slos.map((slo) => [slo.name, slo.objective, slo.sli]), [
    ["demo-availability", 0.99, { type: "probe_availability", target: "demo" }],
    ["demo-latency", 0.95, { type: "probe_latency", target: "demo", thresholdMs: 250 }],
    ["sentiment-requests", 0.995, { type: "request_success", model: "sentiment", endpoint: "/predict" }],
    [
      "sentiment-latency",
      0.99,
      { type: "request_latency", model: "sentiment", endpoint: "/predict", thresholdMs: 250 },
    ],
    ["sentiment-accuracy", 0.85, { type: "accuracy", model: "sentiment", labelFreshnessMs: 86_400_000 }],
    ["sentiment-drift", 0.95, { type: "drift", model: "sentiment", below: "critical" }],
  ]);
  assert.deepEqual(config.storage, { path: ".vigil/vigil.db", retentionMs: 35 * 86_400_000 });
  assert.deepEqual(latencyThresholdsMs(config), [250, 1_000]);
});

Deno.test("loadConfig() reads a file and interpolates from the given env", async () => {
  const path = fixture("valid.yaml");
  const config = await loadConfig(path, { env: { FIXTURE_DEMO_URL: "https://demo.example.com" } });
  assert.equal(config.source, path);
  assert.equal(config.targets.demo?.url, "https://demo.example.com");
  assert.equal(config.slos[0]?.objective, 0.995);
});

Deno.test("loadConfig() interpolates from the process environment by default", async () => {
  Deno.env.set("FIXTURE_DEMO_URL", "http://from-env:9999");
  try {
    const config = await loadConfig(fixture("valid.yaml"));
    assert.equal(config.targets.demo?.url, "http://from-env:9999");
  } finally {
    Deno.env.delete("FIXTURE_DEMO_URL");
  }
});

Deno.test("loadConfig() names file and field for broken_status.yaml", async () => {
  const path = fixture("broken_status.yaml");
  const error = await loadConfig(path, { env: {} }).then(() => undefined, (error: unknown) => error);
  assert.ok(error instanceof ConfigError);
  assert.equal(error.file, path);
  assert.equal(
    error.message,
    `${path}: probes[2].assert.status: expected an HTTP status code (100-599) or a class like "2xx", got "abc"`,
  );
});

Deno.test("loadConfig() reports the line of a YAML syntax error", async () => {
  const path = fixture("broken_syntax.yaml");
  await assert.rejects(loadConfig(path, { env: {} }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, new RegExp(`^${path}:8:\\d+: `));
    return true;
  });
});

Deno.test("loadConfig() says a missing file cannot be read", async () => {
  await assert.rejects(loadConfig("no/such/dir/vigil.yaml", { env: {} }), {
    name: "ConfigError",
    message: "no/such/dir/vigil.yaml: cannot read file: No such file or directory",
  });
});

const TWO_TARGETS = parseConfig(
  "targets:\n  demo: { url: 'http://127.0.0.1:8081' }\n  other: { url: 'http://127.0.0.1:9000', headers: { a: b } }\n",
  { source: "vigil.yaml", env: {} },
);

Deno.test("overrideTarget() replaces one target's URL and leaves the config unchanged", () => {
  const before = structuredClone(TWO_TARGETS);
  const changed: Config = overrideTarget(TWO_TARGETS, "other=https://staging.example.com/v1/");
  assert.deepEqual(changed.targets.other, {
    name: "other",
    url: "https://staging.example.com/v1",
    headers: { a: "b" },
  });
  assert.deepEqual(changed.targets.demo, TWO_TARGETS.targets.demo);
  assert.deepEqual(TWO_TARGETS, before);
});

Deno.test("overrideTarget() keeps an = inside the URL", () => {
  assert.equal(overrideTarget(TWO_TARGETS, "demo=http://h/a=b").targets.demo?.url, "http://h/a=b");
});

Deno.test("overrideTarget() names --target for an unknown name, a bad URL or a malformed spec", () => {
  assert.equal(
    configError(() => overrideTarget(TWO_TARGETS, "staging=http://x")).message,
    '--target: unknown target "staging" (vigil.yaml defines: demo, other)',
  );
  assert.equal(
    configError(() => overrideTarget(TWO_TARGETS, "demo=ftp://x")).message,
    '--target: demo: expected an http:// or https:// URL, got "ftp://x"',
  );
  assert.equal(
    configError(() => overrideTarget(TWO_TARGETS, "http://x")).message,
    '--target: expected NAME=URL, got "http://x"',
  );
  assert.equal(configError(() => overrideTarget(TWO_TARGETS, "=http://x")).file, "--target");
  assert.match(configError(() => overrideTarget(TWO_TARGETS, "toString=http://x")).message, /unknown target/);
});

Deno.test("latencyThresholdsMs() lists probe budgets and latency SLO thresholds, sorted and unique", () => {
  const config = parseConfig(
    `
targets: { demo: { url: "http://x" } }
probes:
  - { name: a, target: demo, path: /, assert: { max_duration: 1s } }
  - { name: b, target: demo, path: / }
  - { name: c, target: demo, path: /, assert: { max_duration: 300ms } }
slos:
  - { name: l1, objective: 95, sli: { probe_latency: { target: demo, threshold: 300ms } } }
  - { name: l2, objective: 99, sli: { probe_latency: { target: demo, threshold: 100ms } } }
  - { name: av, objective: 99, sli: { probe_availability: { target: demo } } }
`,
    { source: "vigil.yaml", env: {} },
  );
  assert.deepEqual(latencyThresholdsMs(config), [100, 300, 1_000]);
});

Deno.test("latencyThresholdsMs() is empty without latency budgets", () => {
  assert.deepEqual(latencyThresholdsMs(TWO_TARGETS), []);
});

Deno.test("loadConfig() and overrideTarget() mask a URL's credentials in their errors", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vigil-config-creds-" });
  try {
    // A secret-filled URL with a typo in the port, as `url: ${MODEL_URL}` from CI would give.
    await Deno.writeTextFile(
      `${dir}/vigil.yaml`,
      "targets:\n  model:\n    url: ${MODEL_URL}\nalerting:\n  receivers:\n    ops:\n      webhook: { url: 'ftp://hook:w3bhookpw@example.com' }\n",
    );
    const error = await loadConfig(`${dir}/vigil.yaml`, {
      env: { MODEL_URL: "http://user:s3cretpw@127.0.0.1:99999" },
    }).then(() => undefined, (error: unknown) => error);
    assert.ok(error instanceof ConfigError, String(error));
    assert.match(
      error.message,
      /targets\.model\.url: expected an http:\/\/ or https:\/\/ URL, got "http:\/\/\*\*\*\*:\*\*\*\*@127\.0\.0\.1:99999"/,
    );
    assert.match(error.message, /"ftp:\/\/\*\*\*\*:\*\*\*\*@example\.com"/);
    assert.doesNotMatch(error.message, /s3cretpw|w3bhookpw/);

    const config = await loadConfig(EXAMPLE, { env: {} });
    for (const spec of ["demo=http://user:s3cretpw@127.0.0.1:99999", "http://user:s3cretpw@127.0.0.1:8081"]) {
      const message = configError(() => overrideTarget(config, spec)).message;
      assert.match(message, /\*\*\*\*:\*\*\*\*@127\.0\.0\.1/);
      assert.doesNotMatch(message, /s3cretpw/);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
