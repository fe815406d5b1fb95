import assert from "assert";
import { BURN_ALERTS, BURN_WINDOWS, burnThreshold, evaluateBurnAlerts } from "../../src/slo/burn_rate.ts";

const everywhere = (good: number, total: number) =>
  Object.fromEntries(BURN_WINDOWS.map((window) => [window.name, { good, total }]));

Deno.test("BURN_ALERTS is the workbook's table: 14.4x 1h/5m and 6x 6h/30m page, 3x 1d/2h and 1x 3d/6h ticket", () => {
  assert.deepEqual(BURN_ALERTS.page, [{ factor: 14.4, long: "1h", short: "5m" }, {
    factor: 6,
    long: "6h",
    short: "30m",
  }]);
  assert.deepEqual(BURN_ALERTS.ticket, [{ factor: 3, long: "1d", short: "2h" }, {
    factor: 1,
    long: "3d",
    short: "6h",
  }]);
  const windows = BURN_WINDOWS.map((window) => window.name);
  for (const condition of [...BURN_ALERTS.page, ...BURN_ALERTS.ticket]) {
    assert.ok(windows.includes(condition.long) && windows.includes(condition.short));
  }
});

Deno.test("burnThreshold() writes thresholds without binary noise", () => {
  assert.equal(burnThreshold(14.4, 0.999).errorRatio, 0.0144);
  assert.equal(burnThreshold(6, 0.995).errorRatio, 0.03);
  assert.equal(burnThreshold(1, 0.9999).errorRatio, 0.0001);
});

Deno.test("burnThreshold() caps the factor at 1/(1 - objective) so a low objective still alerts", () => {
  // 90%: at most 10x is possible (every event bad); 14.4x would ask for an error ratio of 144%.
  assert.deepEqual(burnThreshold(14.4, 0.9), { factor: 10, errorRatio: 1, inclusive: true });
  assert.deepEqual(burnThreshold(10, 0.9), { factor: 10, errorRatio: 1, inclusive: true });
  assert.deepEqual(burnThreshold(6, 0.9), { factor: 6, errorRatio: 0.6, inclusive: false });
  assert.deepEqual(burnThreshold(3, 0.5), { factor: 2, errorRatio: 1, inclusive: true });
  assert.throws(() => burnThreshold(1, 1), RangeError);
  assert.throws(() => burnThreshold(1, 0), /Invalid objective "0"/);
});

Deno.test("evaluateBurnAlerts() pages on 20x everywhere, tickets on 2x, and says why", () => {
  const fast = evaluateBurnAlerts(everywhere(80, 100), 0.99);
  assert.deepEqual(fast, {
    page: true,
    ticket: true,
    reasons: ["page 14.4x 1h/5m", "page 6x 6h/30m", "ticket 3x 1d/2h", "ticket 1x 3d/6h"],
  });
  assert.deepEqual(evaluateBurnAlerts(everywhere(98, 100), 0.99), {
    page: false,
    ticket: true,
    reasons: ["ticket 1x 3d/6h"],
  });
  assert.deepEqual(evaluateBurnAlerts(everywhere(100, 100), 0.99), {
    page: false,
    ticket: false,
    reasons: [],
  });
});

Deno.test("evaluateBurnAlerts() needs both windows of a condition: a short blip alone does not page", () => {
  const windows = { ...everywhere(1000, 1000), "5m": { good: 90, total: 100 } };
  assert.equal(evaluateBurnAlerts(windows, 0.99).page, false);
});

Deno.test("evaluateBurnAlerts() holds off under min traffic, on empty windows, and when disabled", () => {
  assert.equal(evaluateBurnAlerts(everywhere(0, 5), 0.99, { minTraffic: 10 }).page, false);
  assert.equal(evaluateBurnAlerts(everywhere(0, 10), 0.99, { minTraffic: 10 }).page, true);
  assert.equal(evaluateBurnAlerts(everywhere(0, 0), 0.99).page, false);
  assert.equal(evaluateBurnAlerts({}, 0.99).ticket, false);
  assert.deepEqual(evaluateBurnAlerts(everywhere(0, 10), 0.99, { page: false, ticket: false }), {
    page: false,
    ticket: false,
    reasons: [],
  });
});

Deno.test("evaluateBurnAlerts() pages a 90% SLO when everything fails (capped factor, inclusive)", () => {
  assert.equal(evaluateBurnAlerts(everywhere(0, 100), 0.9).page, true);
  assert.equal(evaluateBurnAlerts(everywhere(1, 100), 0.9).reasons.includes("page 10x 1h/5m"), false);
});
