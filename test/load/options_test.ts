import assert from "assert";
import {
  LoadConfigError,
  type LoadOverrides,
  type NormalizedOptions,
  normalizeOptions,
  normalizeScenario,
  planExecution,
  type ScenarioConfig,
} from "../../src/load/options.ts";

/** Normalizes and returns the single derived scenario. */
function derive(options: unknown, overrides?: LoadOverrides): ScenarioConfig {
  const result = normalizeOptions(options, overrides);
  assert.deepEqual(Object.keys(result.scenarios), ["default"]);
  return result.scenarios.default!;
}

/** The messages of the LoadConfigError normalizing throws, one `path: message` per entry. */
function errors(options: unknown, overrides?: LoadOverrides): string[] {
  try {
    normalizeOptions(options, overrides);
  } catch (error) {
    assert.ok(error instanceof LoadConfigError, `expected a LoadConfigError, got ${error}`);
    return error.message.split("\n");
  }
  assert.fail("expected a LoadConfigError");
}

function pick(config: ScenarioConfig, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, (config as unknown as Record<string, unknown>)[key]]));
}

// --- Shortcut derivation, ported from k6 internal/cmd/config_consolidation_test.go ----------------------

Deno.test("normalizeOptions() with no options runs 1 iteration on 1 VU, as per-vu-iterations", () => {
  for (const options of [undefined, {}, null]) {
    const config = derive(options);
    assert.deepEqual(
      pick(config, "executor", "vus", "iterations", "maxDurationMs", "gracefulStopMs", "exec"),
      {
        executor: "per-vu-iterations",
        vus: 1,
        iterations: 1,
        maxDurationMs: 600_000,
        gracefulStopMs: 30_000,
        exec: "default",
      },
    );
  }
});

Deno.test("normalizeOptions() turns iterations into shared-iterations", () => {
  assert.deepEqual(pick(derive({}, { vus: 1, iterations: 5 }), "executor", "vus", "iterations"), {
    executor: "shared-iterations",
    vus: 1,
    iterations: 5,
  });
  assert.deepEqual(pick(derive({}, { vus: "2", iterations: "6" }), "vus", "iterations"), {
    vus: 2,
    iterations: 6,
  });
  assert.deepEqual(
    pick(derive({ iterations: 77, vus: 7 }), "executor", "vus", "iterations", "maxDurationMs"),
    {
      executor: "shared-iterations",
      vus: 7,
      iterations: 77,
      maxDurationMs: 600_000,
    },
  );
});

Deno.test("normalizeOptions() uses duration as shared-iterations' maxDuration when iterations are set too", () => {
  const config = derive({}, { vus: 1, iterations: 6, duration: "10s" });
  assert.deepEqual(pick(config, "executor", "vus", "iterations", "maxDurationMs"), {
    executor: "shared-iterations",
    vus: 1,
    iterations: 6,
    maxDurationMs: 10_000,
  });
});

Deno.test("normalizeOptions() turns duration into constant-vus, 1 VU unless vus is set", () => {
  assert.deepEqual(pick(derive({}, { duration: "123s" }), "executor", "vus", "durationMs"), {
    executor: "constant-vus",
    vus: 1,
    durationMs: 123_000,
  });
  assert.deepEqual(pick(derive({}, { vus: 3, duration: "30s" }), "vus", "durationMs"), {
    vus: 3,
    durationMs: 30_000,
  });
  assert.deepEqual(pick(derive({ vus: 8, duration: "2m" }), "vus", "durationMs"), {
    vus: 8,
    durationMs: 120_000,
  });
  // A number is milliseconds in a script, as in k6's JSON config.
  assert.deepEqual(pick(derive({ duration: 20000 }), "vus", "durationMs"), { vus: 1, durationMs: 20_000 });
});

Deno.test("normalizeOptions() turns stages into ramping-vus starting at vus (1 by default)", () => {
  const config = derive({}, { stages: ["20s:10", "3m:5"] });
  assert.deepEqual(pick(config, "executor", "startVUs", "stages", "gracefulRampDownMs"), {
    executor: "ramping-vus",
    startVUs: 1,
    stages: [{ durationMs: 20_000, target: 10 }, { durationMs: 180_000, target: 5 }],
    gracefulRampDownMs: 30_000,
  });
  assert.deepEqual(pick(derive({}, { stages: ["1m6s:5"], vus: 10 }), "startVUs", "stages"), {
    startVUs: 10,
    stages: [{ durationMs: 66_000, target: 5 }],
  });
  assert.deepEqual(
    pick(
      derive({ vus: 0, stages: [{ duration: "100s", target: 100 }, { duration: "0m30s", target: 0 }] }),
      "startVUs",
    ),
    { startVUs: 0 },
  );
});

Deno.test("normalizeOptions() drops script stages without a duration, as k6's Options.Apply does", () => {
  const config = derive({ stages: [{ target: 5 }, { duration: "10s", target: 10 }] });
  assert.deepEqual(pick(config, "stages"), { stages: [{ durationMs: 10_000, target: 10 }] });
});

Deno.test("normalizeOptions() lets command-line execution options replace the script's", () => {
  // The script's vus survive a --stage; its duration does not.
  assert.deepEqual(
    pick(derive({ vus: 5, duration: "50s" }, { stages: ["5s:5"] }), "executor", "startVUs", "stages"),
    {
      executor: "ramping-vus",
      startVUs: 5,
      stages: [{ durationMs: 5_000, target: 5 }],
    },
  );
  assert.deepEqual(
    pick(
      derive({ stages: [{ duration: "11s", target: 11 }], vus: 22 }, {
        vus: 33,
        stages: ["44s:44", "55s:55"],
      }),
      "startVUs",
      "stages",
    ),
    { startVUs: 33, stages: [{ durationMs: 44_000, target: 44 }, { durationMs: 55_000, target: 55 }] },
  );
  assert.deepEqual(
    pick(derive({ stages: [{ duration: "20s", target: 10 }], vus: 5 }), "executor", "startVUs"),
    {
      executor: "ramping-vus",
      startVUs: 5,
    },
  );
  // --vus alone only changes the VU count.
  assert.deepEqual(pick(derive({ vus: 8, duration: "2m" }, { vus: 2 }), "executor", "vus", "durationMs"), {
    executor: "constant-vus",
    vus: 2,
    durationMs: 120_000,
  });
});

Deno.test("normalizeOptions() warns when command-line shortcuts replace the script's scenarios", () => {
  const script = {
    scenarios: {
      someKey: { executor: "constant-vus", vus: 10, duration: "60s", gracefulStop: "10s", startTime: "70s" },
    },
  };
  const result = normalizeOptions(script, { vus: 12, iterations: 25 });
  assert.deepEqual(Object.keys(result.scenarios), ["default"]);
  assert.deepEqual(pick(result.scenarios.default!, "executor", "vus", "iterations"), {
    executor: "shared-iterations",
    vus: 12,
    iterations: 25,
  });
  assert.deepEqual(result.warnings, [
    "Command-line execution options replaced the script's scenarios entirely",
  ]);
});

Deno.test("normalizeOptions() keeps the script's scenarios when the command line sets only --vus", () => {
  const result = normalizeOptions({ scenarios: { api: { executor: "constant-vus", duration: "1m" } } }, {
    vus: 9,
  });
  assert.deepEqual(pick(result.scenarios.api!, "executor", "vus"), { executor: "constant-vus", vus: 1 });
  assert.deepEqual(result.warnings, []);
});

Deno.test("normalizeOptions() warns about vus without a shortcut, and about explicitly empty stages or scenarios", () => {
  assert.deepEqual(normalizeOptions({}, { vus: 1 }).warnings, []);
  assert.deepEqual(normalizeOptions({}, { vus: 10 }).warnings, [
    'The "--vus" option (10) is ignored: it only works with "iterations", "duration" or "stages"',
  ]);
  const emptyScenarios = normalizeOptions({ scenarios: {} });
  assert.equal(emptyScenarios.scenarios.default?.executor, "per-vu-iterations");
  assert.deepEqual(emptyScenarios.warnings, [
    '"scenarios" was set to an empty object: running the script with 1 iteration in 1 VU',
  ]);
  // k6: file stages + K6_DURATION + `--stage ""` — the empty command-line stages win.
  const emptyStages = normalizeOptions({ stages: [{ duration: "20s", target: 20 }], vus: 10 }, {
    stages: [],
  });
  assert.equal(emptyStages.scenarios.default?.executor, "per-vu-iterations");
  assert.deepEqual(emptyStages.warnings, [
    'The "vus" option (10) is ignored: it only works with "iterations", "duration" or "stages"',
    '"--stage" was set to an empty list: running the script with 1 iteration in 1 VU',
  ]);
});

Deno.test("normalizeOptions() rejects shortcuts that conflict (k6 derivation errors)", () => {
  assert.deepEqual(errors({}, { vus: 2, duration: "10s", stages: ["10s:20"] }), [
    '--stage: cannot be combined with "--duration": use one execution shortcut, or scenarios alone',
  ]);
  assert.deepEqual(errors({}, { vus: 3, iterations: 5, stages: ["10s:20"] }), [
    '--stage: cannot be combined with "--iterations": use one execution shortcut, or scenarios alone',
  ]);
  assert.deepEqual(errors({ vus: 5, duration: "44s", stages: [{ duration: "3s", target: 20 }] }), [
    'stages: cannot be combined with "duration": use one execution shortcut, or scenarios alone',
  ]);
  assert.deepEqual(errors({ iterations: 5, scenarios: {} }), [
    'scenarios: cannot be combined with "iterations": use one execution shortcut, or scenarios alone',
  ]);
  assert.deepEqual(errors({ stages: [{ duration: "3s", target: 20 }], scenarios: { a: {} } }), [
    'scenarios: cannot be combined with "stages": use one execution shortcut, or scenarios alone',
  ]);
});

Deno.test("normalizeOptions() rejects a duration shortcut of 0 or less", () => {
  assert.deepEqual(errors({}, { vus: 3, duration: "0" }), ['--duration: must be more than 0, got "0s"']);
  assert.deepEqual(errors({ duration: "-1m" }), ['duration: must be more than 0, got "-1m0s"']);
});

Deno.test("normalizeOptions() validates derived scenarios and points at the shortcut", () => {
  assert.deepEqual(errors({}, { vus: 10, iterations: 6 }), [
    "--iterations: must not be less than vus (10), got 6",
  ]);
  assert.deepEqual(errors({}, { stages: ["10s:5", "10s:"] }), ["--stage[1].target: is required"]);
  assert.deepEqual(errors({ stages: [{ duration: "20s" }], vus: 10 }), ["stages[0].target: is required"]);
  assert.deepEqual(errors({ iterations: 10, duration: "500ms" }), [
    'duration: must be at least 1s, got "500ms"',
  ]);
  assert.deepEqual(errors({ vus: -1, duration: "1m" }), ["vus: must be more than 0, got -1"]);
  assert.deepEqual(errors({ vus: 0, stages: [{ duration: "1m", target: 0 }] }), [
    "stages: either startVUs or one of the stage targets must be more than 0",
  ]);
  // Positions are the ones the user wrote, before stages without a duration were dropped.
  assert.deepEqual(errors({ stages: [{ target: 1 }, { duration: "1m", target: -3 }] }), [
    "stages[1].target: must not be negative, got -3",
  ]);
});

Deno.test("normalizeOptions() rejects command-line values k6's flags reject", () => {
  // config_consolidation_test.go: "--duration 1000" and "--stage 1000:20" are intentionally unsupported.
  assert.deepEqual(errors({}, { duration: "1000" }), [
    '--duration: Cannot parse duration "1000": missing unit after 1000',
  ]);
  assert.deepEqual(errors({}, { stages: ["1000:20"] }), [
    '--stage[0]: Cannot parse duration "1000": missing unit after 1000',
  ]);
  assert.deepEqual(errors({}, { stages: ["10:20s"] }), [
    '--stage[0]: Cannot parse duration "10": missing unit after 10',
    '--stage[0]: must end with an integer target, as in "30s:10", got "10:20s"',
  ]);
  assert.deepEqual(errors({}, { stages: [":20"] }), [
    '--stage[0]: must start with a duration, as in "30s:10", got ":20"',
  ]);
  assert.deepEqual(errors({}, { stages: ["10s:x"] }), [
    '--stage[0]: must end with an integer target, as in "30s:10", got "10s:x"',
  ]);
  assert.deepEqual(errors({}, { vus: "blah", iterations: 1.5 }), [
    '--vus: must be an integer, got "blah"',
    "--iterations: must be an integer, got 1.5",
  ]);
});

// --- Scenarios, ported from k6 lib/executor/executors_test.go configMapTestCases ------------------------

// Each case: the JSON of `scenarios`, and whether it is valid. k6's cases of malformed JSON text ("asdf",
// "{}asdf", "'adsf'", "") have no equivalent here: Vigil gets the script's options as JavaScript values.
const SCENARIO_CASES: [json: string, valid: boolean][] = [
  ["1234", false],
  ["[]", false],
  ["{}", true],
  ["null", true],
  [`{"someKey": {}}`, false],
  [`{"someKey": {"executor": "constant-blah-blah", "vus": 10, "duration": "60s"}}`, false],
  [`{"someKey": {"executor": "constant-vus", "uknownField": "should_error"}}`, false],
  [`{"someKey": {"executor": "constant-vus", "vus": 10, "duration": "60s", "env": 123}}`, false],
  [
    `{"someKey": {"executor": "constant-vus", "vus": 10, "duration": "60s", "gracefulStop": "10s", "startTime": "70s", "env": {"test": "mest"}, "exec": "someFunc"}}`,
    true,
  ],
  [`{"aname": {"executor": "constant-vus", "duration": "60s"}}`, true],
  [`{"": {"executor": "constant-vus", "vus": 10, "duration": "60s"}}`, false],
  [`{"aname": {"executor": "constant-vus"}}`, false],
  [`{"aname": {"executor": "constant-vus", "vus": 0.5}}`, false],
  [`{"aname": {"executor": "constant-vus", "vus": 10}}`, false],
  [`{"aname": {"executor": "constant-vus", "vus": 0, "duration": "60s"}}`, false],
  [`{"aname": {"executor": "constant-vus", "vus": -1, "duration": "60s"}}`, false],
  [`{"aname": {"executor": "constant-vus", "vus": 10, "duration": "0s"}}`, false],
  [`{"aname": {"executor": "constant-vus", "vus": 10, "duration": "10s", "startTime": "-10s"}}`, false],
  [`{"aname": {"executor": "constant-vus", "vus": 10, "duration": "10s", "exec": ""}}`, false],
  [`{"aname": {"executor": "constant-vus", "vus": 10, "duration": "10s", "gracefulStop": "-2s"}}`, false],
  [
    `{"varloops": {"executor": "ramping-vus", "startVUs": 20, "gracefulStop": "15s", "gracefulRampDown": "10s", "startTime": "23s", "stages": [{"duration": "60s", "target": 30}, {"duration": "130s", "target": 10}]}}`,
    true,
  ],
  [
    `{"varloops": {"executor": "ramping-vus", "startVUs": 1, "gracefulStop": "0s", "gracefulRampDown": "10s", "stages": [{"duration": "10s", "target": 10}]}}`,
    true,
  ],
  [
    `{"varloops": {"executor": "ramping-vus", "startVUs": 1, "gracefulStop": "0s", "gracefulRampDown": "0s", "stages": [{"duration": "10s", "target": 10}, {"duration": "0s", "target": 1}, {"duration": "10s", "target": 5}]}}`,
    true,
  ],
  [
    `{"varloops": {"executor": "ramping-vus", "startVUs": 1, "gracefulStop": "0s", "gracefulRampDown": "0s", "stages": [{"duration": "10s", "target": 10}, {"duration": "0s", "target": 11},{"duration": "0s", "target": 1}, {"duration": "10s", "target": 5}]}}`,
    true,
  ],
  [
    `{"varloops": {"executor": "ramping-vus", "startVUs": 0, "stages": [{"duration": "60s", "target": 0}]}}`,
    false,
  ],
  [
    `{"varloops": {"executor": "ramping-vus", "startVUs": -1, "stages": [{"duration": "60s", "target": 30}]}}`,
    false,
  ],
  [
    `{"varloops": {"executor": "ramping-vus", "startVUs": 2, "stages": [{"duration": "-60s", "target": 30}]}}`,
    false,
  ],
  [
    `{"varloops": {"executor": "ramping-vus", "startVUs": 2, "stages": [{"duration": "60s", "target": -30}]}}`,
    false,
  ],
  [`{"varloops": {"executor": "ramping-vus", "stages": [{"duration": "60s"}]}}`, false],
  [`{"varloops": {"executor": "ramping-vus", "stages": [{"target": 30}]}}`, false],
  [`{"varloops": {"executor": "ramping-vus", "stages": []}}`, false],
  [`{"varloops": {"executor": "ramping-vus"}}`, false],
  [
    `{"ishared": {"executor": "shared-iterations", "iterations": 22, "vus": 12, "maxDuration": "100s"}}`,
    true,
  ],
  [`{"ishared": {"executor": "shared-iterations"}}`, true],
  [`{"ishared": {"executor": "shared-iterations", "iterations": 20}}`, true],
  [`{"ishared": {"executor": "shared-iterations", "vus": 10}}`, false],
  [`{"ishared": {"executor": "shared-iterations", "iterations": 20, "vus": 10, "maxDuration": "30m"}}`, true],
  [
    `{"ishared": {"executor": "shared-iterations", "iterations": 20, "vus": 10, "maxDuration": "-3m"}}`,
    false,
  ],
  [`{"ishared": {"executor": "shared-iterations", "iterations": 20, "vus": 10, "maxDuration": "0s"}}`, false],
  [`{"ishared": {"executor": "shared-iterations", "iterations": 20, "vus": -10}}`, false],
  [`{"ishared": {"executor": "shared-iterations", "iterations": -1, "vus": 1}}`, false],
  [`{"ishared": {"executor": "shared-iterations", "iterations": 20, "vus": 30}}`, false],
  [`{"ipervu": {"executor": "per-vu-iterations", "iterations": 23, "vus": 13, "gracefulStop": 0}}`, true],
  [`{"ipervu": {"executor": "per-vu-iterations"}}`, true],
  [`{"ipervu": {"executor": "per-vu-iterations", "iterations": 20}}`, true],
  [`{"ipervu": {"executor": "per-vu-iterations", "vus": 10}}`, true],
  [`{"ipervu": {"executor": "per-vu-iterations", "iterations": 20, "vus": 10}}`, true],
  [`{"ipervu": {"executor": "per-vu-iterations", "iterations": 20, "vus": 10, "maxDuration": "-3m"}}`, false],
  [`{"ipervu": {"executor": "per-vu-iterations", "iterations": 20, "vus": 10, "maxDuration": "0s"}}`, false],
  [`{"ipervu": {"executor": "per-vu-iterations", "iterations": 20, "vus": -10}}`, false],
  [`{"ipervu": {"executor": "per-vu-iterations", "iterations": -1, "vus": 1}}`, false],
  [
    `{"carrival": {"executor": "constant-arrival-rate", "rate": 30, "timeUnit": "1m", "duration": "10m", "preAllocatedVUs": 20, "maxVUs": 30}}`,
    true,
  ],
  [
    `{"carrival": {"executor": "constant-arrival-rate", "rate": 10, "duration": "10m", "preAllocatedVUs": 20, "maxVUs": 30}}`,
    true,
  ],
  [
    `{"carrival": {"executor": "constant-arrival-rate", "rate": 10, "duration": "10m", "preAllocatedVUs": 20, "maxVUs": 30, "timeUnit": "-1s"}}`,
    false,
  ],
  [
    `{"carrival": {"executor": "constant-arrival-rate", "rate": 10, "duration": "10m", "preAllocatedVUs": 20}}`,
    true,
  ],
  [`{"carrival": {"executor": "constant-arrival-rate", "rate": 10, "duration": "10m", "maxVUs": 30}}`, false],
  [
    `{"carrival": {"executor": "constant-arrival-rate", "rate": 10, "preAllocatedVUs": 20, "maxVUs": 30}}`,
    false,
  ],
  [
    `{"carrival": {"executor": "constant-arrival-rate", "duration": "10m", "preAllocatedVUs": 20, "maxVUs": 30}}`,
    false,
  ],
  [
    `{"carrival": {"executor": "constant-arrival-rate", "rate": 10, "duration": "0m", "preAllocatedVUs": 20, "maxVUs": 30}}`,
    false,
  ],
  [
    `{"carrival": {"executor": "constant-arrival-rate", "rate": 0, "duration": "10m", "preAllocatedVUs": 20, "maxVUs": 30}}`,
    false,
  ],
  [
    `{"carrival": {"executor": "constant-arrival-rate", "rate": 10, "duration": "10m", "preAllocatedVUs": 20, "maxVUs": 15}}`,
    false,
  ],
  [
    `{"carrival": {"executor": "constant-arrival-rate", "rate": 10, "duration": "0s", "preAllocatedVUs": 20, "maxVUs": 25}}`,
    false,
  ],
  [
    `{"carrival": {"executor": "constant-arrival-rate", "rate": 10, "duration": "10m", "preAllocatedVUs": -2, "maxVUs": 25}}`,
    false,
  ],
  [
    `{"varrival": {"executor": "ramping-arrival-rate", "startRate": 10, "timeUnit": "30s", "preAllocatedVUs": 20, "maxVUs": 50, "stages": [{"duration": "3m", "target": 30}, {"duration": "5m", "target": 10}]}}`,
    true,
  ],
  [
    `{"varrival": {"executor": "ramping-arrival-rate", "preAllocatedVUs": 20, "maxVUs": 50, "stages": [{"duration": "5m", "target": 10}]}}`,
    true,
  ],
  [
    `{"varrival": {"executor": "ramping-arrival-rate", "preAllocatedVUs": -20, "maxVUs": 50, "stages": [{"duration": "5m", "target": 10}]}}`,
    false,
  ],
  [
    `{"varrival": {"executor": "ramping-arrival-rate", "startRate": -1, "preAllocatedVUs": 20, "maxVUs": 50, "stages": [{"duration": "5m", "target": 10}]}}`,
    false,
  ],
  [
    `{"varrival": {"executor": "ramping-arrival-rate", "preAllocatedVUs": 20, "stages": [{"duration": "5m", "target": 10}]}}`,
    true,
  ],
  [
    `{"varrival": {"executor": "ramping-arrival-rate", "maxVUs": 50, "stages": [{"duration": "5m", "target": 10}]}}`,
    false,
  ],
  [`{"varrival": {"executor": "ramping-arrival-rate", "preAllocatedVUs": 20, "maxVUs": 50}}`, false],
  [
    `{"varrival": {"executor": "ramping-arrival-rate", "preAllocatedVUs": 20, "maxVUs": 50, "stages": []}}`,
    false,
  ],
  [
    `{"varrival": {"executor": "ramping-arrival-rate", "preAllocatedVUs": 20, "maxVUs": 50, "stages": [{"duration": "5m", "target": 10}], "timeUnit": "-1s"}}`,
    false,
  ],
  [
    `{"varrival": {"executor": "ramping-arrival-rate", "preAllocatedVUs": 30, "maxVUs": 20, "stages": [{"duration": "5m", "target": 10}]}}`,
    false,
  ],
];

SCENARIO_CASES.forEach(([json, valid], index) => {
  Deno.test(`normalizeOptions() judges k6's scenario case #${index} ${valid ? "valid" : "invalid"}: ${json.slice(0, 60)}`, () => {
    const options = { scenarios: JSON.parse(json) };
    if (valid) normalizeOptions(options);
    else assert.throws(() => normalizeOptions(options), LoadConfigError);
  });
});

Deno.test("normalizeOptions() applies k6's defaults to every scenario field (executors_test.go)", () => {
  const result = normalizeOptions({
    scenarios: {
      someKey: {
        executor: "constant-vus",
        vus: 10,
        duration: "60s",
        gracefulStop: "10s",
        startTime: "70s",
        env: { test: "mest" },
        exec: "someFunc",
      },
      plain: { executor: "constant-vus", duration: "1m" },
    },
  });
  assert.deepEqual(result.scenarios.someKey, {
    name: "someKey",
    executor: "constant-vus",
    vus: 10,
    durationMs: 60_000,
    gracefulStopMs: 10_000,
    startTimeMs: 70_000,
    env: { test: "mest" },
    tags: {},
    exec: "someFunc",
  });
  assert.deepEqual(
    pick(result.scenarios.plain!, "vus", "startTimeMs", "gracefulStopMs", "exec", "env", "tags"),
    {
      vus: 1,
      startTimeMs: 0,
      gracefulStopMs: 30_000,
      exec: "default",
      env: {},
      tags: {},
    },
  );
});

Deno.test("normalizeOptions() reads k6's mixed duration forms in scenarios (config_consolidation_test.go)", () => {
  const config = derive({
    scenarios: undefined,
  });
  assert.equal(config.executor, "per-vu-iterations");
  const result = normalizeOptions({
    scenarios: {
      foo: { executor: "constant-vus", vus: 2, duration: "1d", gracefulStop: "10000", startTime: 1000.5 },
    },
  });
  assert.deepEqual(pick(result.scenarios.foo!, "vus", "durationMs", "gracefulStopMs", "startTimeMs"), {
    vus: 2,
    durationMs: 86_400_000,
    gracefulStopMs: 10_000,
    startTimeMs: 1_000.5,
  });
});

Deno.test("normalizeOptions() defaults each executor as k6's New…Config constructors do", () => {
  const { scenarios } = normalizeOptions({
    scenarios: {
      si: { executor: "shared-iterations" },
      pvi: { executor: "per-vu-iterations" },
      rv: { executor: "ramping-vus", stages: [{ duration: "1m", target: 10 }] },
      car: { executor: "constant-arrival-rate", rate: 10, duration: "1m", preAllocatedVUs: 5 },
      rar: { executor: "ramping-arrival-rate", stages: [{ duration: "1m", target: 10 }], preAllocatedVUs: 5 },
      par: { executor: "poisson-arrival-rate", rate: 10, duration: "1m", preAllocatedVUs: 5 },
    },
  });
  assert.deepEqual(pick(scenarios.si!, "vus", "iterations", "maxDurationMs"), {
    vus: 1,
    iterations: 1,
    maxDurationMs: 600_000,
  });
  assert.deepEqual(pick(scenarios.pvi!, "vus", "iterations", "maxDurationMs"), {
    vus: 1,
    iterations: 1,
    maxDurationMs: 600_000,
  });
  assert.deepEqual(pick(scenarios.rv!, "startVUs", "gracefulRampDownMs"), {
    startVUs: 1,
    gracefulRampDownMs: 30_000,
  });
  assert.deepEqual(pick(scenarios.car!, "timeUnitMs", "maxVUs"), { timeUnitMs: 1_000, maxVUs: 5 });
  assert.deepEqual(pick(scenarios.rar!, "startRate", "timeUnitMs", "maxVUs"), {
    startRate: 0,
    timeUnitMs: 1_000,
    maxVUs: 5,
  });
  assert.deepEqual(pick(scenarios.par!, "timeUnitMs", "maxVUs", "seed"), {
    timeUnitMs: 1_000,
    maxVUs: 5,
    seed: undefined,
  });
});

Deno.test("normalizeOptions() treats null like an absent option, as k6's nullable types do", () => {
  const { scenarios } = normalizeOptions({
    scenarios: {
      api: { executor: "constant-vus", vus: null, duration: "1m", gracefulStop: null, exec: null, env: null },
    },
    vus: null,
  });
  assert.deepEqual(pick(scenarios.api!, "vus", "gracefulStopMs", "exec", "env"), {
    vus: 1,
    gracefulStopMs: 30_000,
    exec: "default",
    env: {},
  });
  assert.deepEqual(errors({ scenarios: { api: { executor: "constant-vus", duration: null } } }), [
    "scenarios.api.duration: is required",
  ]);
});

Deno.test("normalizeOptions() accepts integers as numeric text, as k6's null.Int does", () => {
  const { scenarios } = normalizeOptions({
    scenarios: { api: { executor: "constant-vus", vus: "5", duration: "1m" } },
  });
  assert.equal(pick(scenarios.api!, "vus").vus, 5);
});

// --- One test per kind of validation error -----------------------------------------------------------

Deno.test("LoadConfigError names each problem and carries k6's exit code 104", () => {
  try {
    normalizeOptions({
      scenarios: { api: { executor: "constant-arrival-rate", rate: -5, duration: "1m", preAllocatedVUs: 1 } },
    });
    assert.fail("expected a LoadConfigError");
  } catch (error) {
    assert.ok(error instanceof LoadConfigError);
    assert.equal(error.name, "LoadConfigError");
    assert.equal(error.exitCode, 104);
    assert.deepEqual(error.issues, [{ path: "scenarios.api.rate", message: "must be more than 0, got -5" }]);
  }
});

Deno.test("normalizeOptions() collects every problem into one error", () => {
  assert.deepEqual(
    errors({
      duration: "5x",
      batch: 1.5,
      scenarios: {
        api: { executor: "constant-arrivals" },
        b: { executor: "constant-arrival-rate", rate: -5, duration: "1m", preAllocatedVUs: 20, maxVUs: 15 },
        c: {
          executor: "ramping-vus",
          stages: [{ duration: "10s", target: 1 }, { duration: "5x", target: 2 }],
        },
      },
    }),
    [
      'duration: Cannot parse duration "5x": unknown unit "x"',
      "batch: must be an integer, got 1.5",
      'scenarios.api: unknown executor "constant-arrivals": expected one of shared-iterations, per-vu-iterations, ' +
      "constant-vus, ramping-vus, constant-arrival-rate, ramping-arrival-rate, poisson-arrival-rate",
      "scenarios.b.rate: must be more than 0, got -5",
      "scenarios.b.maxVUs: must not be less than preAllocatedVUs (20), got 15",
      'scenarios.c.stages[1].duration: Cannot parse duration "5x": unknown unit "x"',
    ],
  );
});

Deno.test("normalizeOptions() reports a missing or unsupported executor", () => {
  assert.deepEqual(errors({ scenarios: { api: { vus: 1 } } }), ["scenarios.api.executor: is required"]);
  assert.deepEqual(errors({ scenarios: { api: { executor: 5 } } }), [
    "scenarios.api.executor: must be a string, got 5",
  ]);
  assert.deepEqual(
    errors({ scenarios: { api: { executor: "externally-controlled", vus: 1, duration: "1m" } } }),
    [
      'scenarios.api.executor: "externally-controlled" is not supported by Vigil',
    ],
  );
  assert.deepEqual(errors({ scenarios: { api: 5 } }), ["scenarios.api: must be an object, got 5"]);
  assert.deepEqual(errors({ scenarios: [] }), ["scenarios: must be an object of scenarios, got []"]);
});

Deno.test("normalizeOptions() rejects unknown options inside a scenario, as k6's strict decoding does", () => {
  assert.deepEqual(
    errors({ scenarios: { api: { executor: "constant-vus", duraton: "1m", duration: "1m" } } }),
    [
      "scenarios.api.duraton: unknown option",
    ],
  );
  assert.deepEqual(
    errors({
      scenarios: {
        api: { executor: "ramping-vus", stages: [{ duration: "1m", target: 1, ramp: "linear" }] },
      },
    }),
    ["scenarios.api.stages[0].ramp: unknown option"],
  );
  // Another executor's option is unknown too.
  assert.deepEqual(errors({ scenarios: { api: { executor: "constant-vus", duration: "1m", rate: 5 } } }), [
    "scenarios.api.rate: unknown option",
  ]);
});

Deno.test("normalizeOptions() reports values of the wrong type", () => {
  assert.deepEqual(
    errors({
      scenarios: {
        api: {
          executor: "constant-vus",
          vus: 0.5,
          duration: true,
          env: { A: 1 },
          tags: "x",
          exec: 3,
          options: 1,
        },
      },
    }),
    [
      "scenarios.api.exec: must be a string, got 3",
      "scenarios.api.env.A: must be a string, got 1",
      'scenarios.api.tags: must be an object of strings, got "x"',
      "scenarios.api.options: must be an object, got 1",
      "scenarios.api.vus: must be an integer, got 0.5",
      "scenarios.api.duration: must be a duration, got true",
    ],
  );
});

Deno.test("normalizeOptions() reports missing required options", () => {
  assert.deepEqual(errors({ scenarios: { car: { executor: "constant-arrival-rate" } } }), [
    "scenarios.car.rate: is required",
    "scenarios.car.duration: is required",
    "scenarios.car.preAllocatedVUs: is required",
  ]);
  assert.deepEqual(errors({ scenarios: { rv: { executor: "ramping-vus" } } }), [
    "scenarios.rv.stages: must have at least one stage",
  ]);
  assert.deepEqual(errors({ scenarios: { rv: { executor: "ramping-vus", stages: [{ target: 30 }] } } }), [
    "scenarios.rv.stages[0].duration: is required",
  ]);
});

Deno.test("normalizeOptions() reports values out of range", () => {
  assert.deepEqual(
    errors({
      scenarios: {
        a: { executor: "constant-vus", vus: 0, duration: "0s", startTime: "-10s", gracefulStop: "-2s" },
        b: { executor: "shared-iterations", vus: 10, iterations: 5, maxDuration: "0s" },
        c: {
          executor: "ramping-arrival-rate",
          startRate: -1,
          timeUnit: "0s",
          preAllocatedVUs: -20,
          stages: [{ duration: "1m", target: -1 }],
        },
      },
    }),
    [
      'scenarios.a.startTime: must not be negative, got "-10s"',
      'scenarios.a.gracefulStop: must not be negative, got "-2s"',
      "scenarios.a.vus: must be more than 0, got 0",
      'scenarios.a.duration: must be at least 1s, got "0s"',
      "scenarios.b.iterations: must not be less than vus (10), got 5",
      'scenarios.b.maxDuration: must be at least 1s, got "0s"',
      "scenarios.c.startRate: must not be negative, got -1",
      'scenarios.c.timeUnit: must be more than 0, got "0s"',
      "scenarios.c.stages[0].target: must not be negative, got -1",
      "scenarios.c.preAllocatedVUs: must not be negative, got -20",
    ],
  );
});

Deno.test("normalizeOptions() enforces k6's 100,000,000 VU limit on ramping-vus (TestRampingVUsConfigValidation)", () => {
  assert.deepEqual(
    errors({
      scenarios: {
        rv: {
          executor: "ramping-vus",
          startVUs: 100_000_001,
          stages: [{ duration: "1s", target: 100_000_002 }],
        },
      },
    }),
    [
      "scenarios.rv.startVUs: must not exceed 100000000, got 100000001",
      "scenarios.rv.stages[0].target: must not exceed 100000000, got 100000002",
    ],
  );
  // Validation only, as k6's test: planning 10^8 one-VU steps is not something to do in a unit test.
  const below = normalizeScenario({
    executor: "ramping-vus",
    startVUs: 0,
    stages: [{ duration: "1s", target: 99_999_999 }],
  }, "rv");
  assert.deepEqual(below.issues, []);
});

Deno.test("normalizeOptions() checks scenario names and exec", () => {
  assert.deepEqual(errors({ scenarios: { "": { executor: "constant-vus", duration: "1m" } } }), [
    'scenarios[""]: the scenario name must not be empty',
  ]);
  assert.deepEqual(errors({ scenarios: { "my api": { executor: "constant-vus", duration: "1m" } } }), [
    'scenarios["my api"]: the scenario name must contain only numbers, latin letters, underscores and dashes',
  ]);
  assert.deepEqual(errors({ scenarios: { api: { executor: "constant-vus", duration: "1m", exec: "" } } }), [
    "scenarios.api.exec: must not be empty",
  ]);
});

Deno.test("normalizeOptions() checks that each scenario's function is exported, when told the exports", () => {
  const options = { scenarios: { api: { executor: "constant-vus", duration: "1m", exec: "api" } } };
  normalizeOptions(options, { exports: ["api", "default"] });
  assert.deepEqual(errors(options, { exports: ["default"] }), [
    'scenarios.api.exec: function "api" is not exported by the script',
  ]);
  assert.deepEqual(errors({}, { exports: ["setup"] }), [
    'scenarios.default.exec: function "default" is not exported by the script',
  ]);
});

Deno.test("normalizeOptions() validates poisson-arrival-rate like constant-arrival-rate, with an integer seed", () => {
  const { scenarios } = normalizeOptions({
    scenarios: {
      p: {
        executor: "poisson-arrival-rate",
        rate: 50,
        timeUnit: "1m",
        duration: "5m",
        preAllocatedVUs: 2,
        seed: 42,
      },
    },
  });
  assert.deepEqual(pick(scenarios.p!, "rate", "timeUnitMs", "durationMs", "maxVUs", "seed"), {
    rate: 50,
    timeUnitMs: 60_000,
    durationMs: 300_000,
    maxVUs: 2,
    seed: 42,
  });
  assert.deepEqual(
    errors({
      scenarios: {
        p: { executor: "poisson-arrival-rate", rate: 0, duration: "5m", preAllocatedVUs: 2, seed: "x" },
      },
    }),
    ['scenarios.p.seed: must be an integer, got "x"', "scenarios.p.rate: must be more than 0, got 0"],
  );
});

// --- Other options -------------------------------------------------------------------------------------

Deno.test("normalizeOptions() gives the other options k6's defaults", () => {
  const { scenarios: _scenarios, plan: _plan, ...rest } = normalizeOptions({});
  assert.deepEqual(
    rest,
    {
      thresholds: undefined,
      warnings: [],
      setupTimeoutMs: 60_000,
      teardownTimeoutMs: 60_000,
      noSetup: false,
      noTeardown: false,
      noConnectionReuse: false,
      noVUConnectionReuse: false,
      insecureSkipTLSVerify: false,
      discardResponseBodies: false,
      maxRedirects: 10,
      batch: 20,
      batchPerHost: 6,
      minIterationDurationMs: 0,
      noCookiesReset: false,
      throw: false,
      tags: {},
      summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)"],
    } satisfies Omit<NormalizedOptions, "scenarios" | "plan">,
  );
});

Deno.test("normalizeOptions() reads the other options and passes thresholds through", () => {
  const thresholds = {
    http_req_duration: ["p(95)<500"],
    "http_reqs{status:500}": [{ threshold: "count<1", abortOnFail: true }],
  };
  const options = normalizeOptions({
    thresholds,
    setupTimeout: "2m",
    teardownTimeout: 5000,
    noConnectionReuse: true,
    userAgent: "vigil-test",
    insecureSkipTLSVerify: true,
    discardResponseBodies: true,
    batch: 5,
    batchPerHost: "2",
    maxRedirects: 0,
    minIterationDuration: "1s",
    tags: { team: "ml" },
    summaryTrendStats: ["avg", "p(99.999)", "count"],
    summaryTimeUnit: "ms",
  });
  assert.equal(options.thresholds, thresholds);
  assert.deepEqual(
    pick(
      options as unknown as ScenarioConfig,
      "setupTimeoutMs",
      "teardownTimeoutMs",
      "noConnectionReuse",
      "userAgent",
      "batch",
      "batchPerHost",
      "maxRedirects",
      "minIterationDurationMs",
      "tags",
      "summaryTrendStats",
      "summaryTimeUnit",
    ),
    {
      setupTimeoutMs: 120_000,
      teardownTimeoutMs: 5_000,
      noConnectionReuse: true,
      userAgent: "vigil-test",
      batch: 5,
      batchPerHost: 2,
      maxRedirects: 0,
      minIterationDurationMs: 1_000,
      tags: { team: "ml" },
      summaryTrendStats: ["avg", "p(99.999)", "count"],
      summaryTimeUnit: "ms",
    },
  );
});

Deno.test("normalizeOptions() rejects trend statistics k6 rejects", () => {
  for (const stat of ["coun", "p(", "p(-1)", "p(101)"]) {
    assert.deepEqual(errors({ summaryTrendStats: ["med", stat] }), [
      `summaryTrendStats[1]: must be avg, min, med, max, count or p(N) with N from 0 to 100, got ${
        JSON.stringify(stat)
      }`,
    ]);
  }
  assert.deepEqual(normalizeOptions({ summaryTrendStats: [] }).summaryTrendStats, []);
  assert.deepEqual(errors({ summaryTimeUnit: "h" }), ['summaryTimeUnit: must be "s", "ms" or "us", got "h"']);
  assert.deepEqual(errors({ noSetup: "yes" }), ['noSetup: must be a boolean, got "yes"']);
});

Deno.test("normalizeOptions() warns about unknown and unsupported options instead of failing, as k6 does", () => {
  const { warnings } = normalizeOptions({
    rps: 10,
    hosts: { "a.test": "1.2.3.4" },
    httpDebug: "full",
    delayAbortedCheck: "1m",
  });
  assert.deepEqual(warnings, [
    'Option "rps" is not supported by Vigil and is ignored',
    'Option "hosts" is not supported by Vigil and is ignored',
    'Option "httpDebug" is not supported by Vigil and is ignored',
    'Unknown option "delayAbortedCheck" is ignored',
  ]);
  assert.deepEqual(errors("not options"), ['must be an object, got "not options"']);
});

// --- Plans: max duration and VUs, from k6 executors_test.go ----------------------------------------------

Deno.test("normalizeOptions() plans each executor's duration and VUs as k6 does", () => {
  const cases: [scenario: Record<string, unknown>, endMs: number, planned: number, possible: number][] = [
    [{ executor: "constant-vus", vus: 10, duration: "60s", gracefulStop: "10s" }, 70_000, 10, 10],
    [
      {
        executor: "ramping-vus",
        startVUs: 20,
        gracefulStop: "15s",
        gracefulRampDown: "10s",
        stages: [{ duration: "60s", target: 30 }, { duration: "130s", target: 10 }],
      },
      205_000,
      30,
      30,
    ],
    [{ executor: "shared-iterations", iterations: 22, vus: 12, maxDuration: "100s" }, 130_000, 12, 12],
    [{ executor: "per-vu-iterations", iterations: 23, vus: 13, gracefulStop: 0 }, 600_000, 13, 13],
    [
      {
        executor: "constant-arrival-rate",
        rate: 30,
        timeUnit: "1m",
        duration: "10m",
        preAllocatedVUs: 20,
        maxVUs: 30,
      },
      630_000,
      20,
      30,
    ],
    [
      {
        executor: "ramping-arrival-rate",
        startRate: 10,
        timeUnit: "30s",
        preAllocatedVUs: 20,
        maxVUs: 50,
        stages: [{ duration: "3m", target: 30 }, { duration: "5m", target: 10 }],
      },
      510_000,
      20,
      50,
    ],
    [
      {
        executor: "poisson-arrival-rate",
        rate: 5,
        duration: "1m",
        preAllocatedVUs: 3,
        maxVUs: 9,
        gracefulStop: "5s",
      },
      65_000,
      3,
      9,
    ],
  ];
  for (const [scenario, endMs, planned, possible] of cases) {
    const { plan } = normalizeOptions({ scenarios: { s: scenario } });
    const only = plan.scenarios[0]!;
    assert.deepEqual(
      [only.maxDurationMs, only.maxPlannedVUs, only.maxPossibleVUs, only.hasWork],
      [endMs, planned, possible, true],
      `${scenario.executor}`,
    );
    assert.deepEqual([plan.maxDurationMs, plan.maxPlannedVUs, plan.maxPossibleVUs], [
      endMs,
      planned,
      possible,
    ]);
  }
});

Deno.test("normalizeOptions() counts start times in the test's plan (k6 GetFullExecutionRequirements)", () => {
  const { plan } = normalizeOptions({
    scenarios: {
      varloops: {
        executor: "ramping-vus",
        startVUs: 20,
        gracefulStop: "15s",
        gracefulRampDown: "10s",
        startTime: "23s",
        stages: [{ duration: "60s", target: 30 }, { duration: "130s", target: 10 }],
      },
    },
  });
  assert.equal(plan.scenarios[0]!.endMs, 228_000);
  assert.equal(plan.maxDurationMs, 228_000);
  assert.equal(plan.steps[0]!.atMs, 23_000);
});

Deno.test("planExecution() adds concurrent scenarios and not sequential ones", () => {
  const { scenarios } = normalizeOptions({
    scenarios: {
      warmup: { executor: "constant-vus", vus: 20, duration: "1m", gracefulStop: "0s" },
      spike: {
        executor: "constant-arrival-rate",
        rate: 100,
        duration: "1m",
        preAllocatedVUs: 10,
        maxVUs: 40,
        startTime: "1m",
      },
      background: { executor: "constant-vus", vus: 5, duration: "2m" },
    },
  });
  const plan = planExecution(scenarios);
  assert.deepEqual(plan.scenarios.map((scenario) => scenario.name), ["background", "warmup", "spike"]);
  assert.deepEqual(plan.scenarios.map((scenario) => scenario.endMs), [150_000, 60_000, 150_000]);
  // 0–1m: 20 + 5; 1m–2m: 10 (+30 unplanned) + 5.
  assert.equal(plan.maxPlannedVUs, 25);
  assert.equal(plan.maxPossibleVUs, 45);
  assert.equal(plan.maxDurationMs, 150_000);
});

Deno.test("planExecution() marks scenarios without work, as k6's HasWork", () => {
  const { plan } = normalizeOptions({
    scenarios: { idle: { executor: "constant-arrival-rate", rate: 1, duration: "1m", preAllocatedVUs: 0 } },
  });
  assert.equal(plan.scenarios[0]!.hasWork, false);
  assert.equal(plan.maxPossibleVUs, 0);
});

Deno.test("normalizeScenario() gives no config for an unknown executor", () => {
  const result = normalizeScenario({ executor: "constant-arrivals" }, "api");
  assert.equal(result.config, undefined);
  assert.equal(result.issues.length, 1);
});
