import assert from "assert";
import { budgetRemaining, burnRate, ratio } from "../../src/slo/budget.ts";

Deno.test("ratio() is null without events: a silent SLI is unknown, not 100%", () => {
  assert.equal(ratio(0, 0), null);
  assert.equal(ratio(0, 4), 0);
  assert.equal(ratio(3, 4), 0.75);
});

Deno.test("budgetRemaining() follows the SRE workbook: 1 untouched, 0 spent, negative overspent", () => {
  assert.equal(budgetRemaining(1000, 1000, 0.999), 1);
  assert.equal(budgetRemaining(999, 1000, 0.999), 0);
  assert.equal(budgetRemaining(998, 1000, 0.999), -1);
  assert.equal(budgetRemaining(9975, 10000, 0.99), 0.75);
  assert.equal(budgetRemaining(0, 0, 0.99), null);
});

Deno.test("burnRate() is the bad share over the allowed bad share", () => {
  // 14.4x is the workbook's fast-burn page threshold for a 99.9% SLO: 1.44% errors.
  assert.equal(burnRate(9856, 10000, 0.999), 14.4);
  assert.equal(burnRate(985.6, 1000, 0.99), 1.44);
  assert.equal(burnRate(100, 100, 0.99), 0);
  assert.equal(burnRate(0, 0, 0.99), null);
});
