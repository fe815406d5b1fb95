import assert from "node:assert/strict";
import { kstwobignSf, kstwoCdf, kstwoSf } from "../../src/stats/kolmogorov.ts";
import { smirnovSf } from "../../src/stats/smirnov.ts";
import { assertClose, vectors } from "./stats_vectors.ts";

Deno.test("kstwoSf() matches scipy.stats.kstwo.sf", () => {
  for (const v of vectors.kolmogorov_sf) {
    assertClose(`kstwo.sf(${v.x}, ${v.n})`, kstwoSf(v.x, v.n), v.kstwo_sf);
  }
});

Deno.test("kstwobignSf() matches scipy.stats.kstwobign.sf at sqrt(n) x", () => {
  for (const v of vectors.kolmogorov_sf) {
    assertClose(
      `kstwobign.sf(sqrt(${v.n}) * ${v.x})`,
      kstwobignSf(Math.sqrt(v.n) * v.x),
      v.kstwobign_sf_sqrt_n_x,
    );
  }
});

Deno.test("kstwoCdf() complements kstwoSf() as closely as scipy's", () => {
  for (const v of vectors.kolmogorov_sf) {
    // For n > 140 and n x^2 >= 2.2 scipy takes the SF from 2 smirnov(n, x) but the CDF from Pelz–Good,
    // so they add up to 1 only within that approximation (1 + 2.9e-8 at n = 10000, x = 0.015, in scipy too).
    const sum = kstwoCdf(v.x, v.n) + kstwoSf(v.x, v.n);
    assert.ok(Math.abs(sum - 1) < 1e-7, `cdf + sf at (${v.x}, ${v.n}) = ${sum}`);
  }
  assertClose("kstwo.cdf(0.05, 1111)", kstwoCdf(0.05, 1111), 0.9925324333116342); // scipy 1.17.1
});

Deno.test("kstwoSf() handles the ends of its support", () => {
  assert.equal(kstwoSf(0, 5), 1);
  assert.equal(kstwoSf(0.1, 5), 1); // x <= 1/(2n)
  assert.equal(kstwoSf(1, 5), 0);
  assert.equal(kstwoSf(2, 5), 0);
  assert.ok(Number.isNaN(kstwoSf(NaN, 5)));
  // Ruben–Gambino closed forms: x >= 1 - 1/n gives 2 (1 - x)^n.
  assertClose("kstwo.sf(0.9, 5)", kstwoSf(0.9, 5), 2 * 0.1 ** 5);
});

Deno.test("kstwoSf() rejects a sample size that is not a positive integer", () => {
  assert.throws(() => kstwoSf(0.5, 0), {
    name: "RangeError",
    message: 'Invalid sample size "0": expected an integer >= 1',
  });
  assert.throws(() => kstwoSf(0.5, 2.5), { name: "RangeError", message: /"2.5"/ });
});

Deno.test("smirnovSf() is the one-sided tail that kstwo doubles for x >= 0.5", () => {
  const v = vectors.kolmogorov_sf.find((c) => c.x >= 0.5)!;
  assertClose(`2 smirnov(${v.n}, ${v.x})`, 2 * smirnovSf(v.n, v.x), v.kstwo_sf);
  assert.equal(smirnovSf(1, 0.3), 0.7);
  assert.equal(smirnovSf(10, 0), 1);
  assert.equal(smirnovSf(10, 1), 0);
  assert.ok(Number.isNaN(smirnovSf(10, 1.5)));
});
