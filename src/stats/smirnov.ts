/**
 * The one-sided Kolmogorov–Smirnov (Smirnov) distribution, ported from SciPy's Cephes
 * `scipy/special/xsf/cephes/kolmogorov.h` (`_smirnov`, after van Mulbregt, arXiv:1802.06966). The finite-n
 * two-sided distribution uses it for large deviations, so KS p-values match `scipy.stats.kstwo.sf`.
 *
 * The sum is evaluated in double-double arithmetic exactly as SciPy does (qd library, `dd_real.h`),
 * because its terms are binomial coefficients times large powers.
 *
 * @module
 */

/** Cephes' `MINLOG`: exp() of anything smaller underflows to 0. */
const MINLOG = -7.451332191019412076235e2;
const EPSILON = Number.EPSILON;
const SMIRNOV_MAX_COMPUTE_N = 1000000;
const SM_UPPER_MAX_TERMS = 3;
const SM_UPPERSUM_MIN_N = 10;
/** Below 1023 - 52 so that both halves of a double-double stay normal. */
const SM_MAX_EXPONENT = 960;

// --- double-double arithmetic (qd 2.3.18 as vendored in SciPy's dd_real.h) -------------------------

interface DD {
  readonly hi: number;
  readonly lo: number;
}

const SPLITTER = 134217729.0; // 2^27 + 1
const SPLIT_THRESH = 6.69692879491417e299; // 2^996

function dd(hi: number, lo = 0): DD {
  return { hi, lo };
}

/** fl(a + b) and its rounding error, assuming |a| >= |b|. */
function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}

/** fl(a + b) and its rounding error. */
function twoSum(a: number, b: number): DD {
  const s = a + b;
  const c = s - a;
  return { hi: s, lo: (a - (s - c)) + (b - c) };
}

/** Veltkamp split of a into two 26-bit halves (JavaScript has no fused multiply-add). */
function split(a: number): [number, number] {
  if (a > SPLIT_THRESH || a < -SPLIT_THRESH) {
    a *= 3.7252902984619140625e-9; // 2^-28
    const temp = SPLITTER * a;
    const hi = temp - (temp - a);
    const lo = a - hi;
    return [hi * 268435456.0, lo * 268435456.0];
  }
  const temp = SPLITTER * a;
  const hi = temp - (temp - a);
  return [hi, a - hi];
}

/** fl(a * b) and its exact rounding error (Dekker), what `std::fma(a, b, -p)` gives in SciPy. */
function twoProd(a: number, b: number): DD {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return { hi: p, lo: ((ah * bh - p) + ah * bl + al * bh) + al * bl };
}

function ddAdd(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  let s2 = s.lo + t.hi;
  const u = quickTwoSum(s.hi, s2);
  s2 = u.lo + t.lo;
  return quickTwoSum(u.hi, s2);
}

function ddAddD(a: DD, b: number): DD {
  const s = twoSum(a.hi, b);
  return quickTwoSum(s.hi, s.lo + a.lo);
}

function ddMul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

function ddMulD(a: DD, b: number): DD {
  const p1 = twoProd(a.hi, b);
  const p2 = twoProd(a.lo, b);
  return quickTwoSum(p1.hi, p2.lo + p2.hi + p1.lo);
}

function ddDiv(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  let r = ddAdd(a, ddNeg(ddMulD(b, q1)));
  const q2 = r.hi / b.hi;
  r = ddAdd(r, ddNeg(ddMulD(b, q2)));
  const q3 = r.hi / b.hi;
  return ddAddD(quickTwoSum(q1, q2), q3);
}

function ddNeg(a: DD): DD {
  return { hi: -a.hi, lo: -a.lo };
}

function ddIsZero(a: DD): boolean {
  return a.hi === 0 && a.lo === 0;
}

function ddFloor(a: DD): DD {
  const hi = Math.floor(a.hi);
  if (hi === a.hi) return quickTwoSum(hi, Math.floor(a.lo));
  return { hi, lo: 0 };
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** 2^e for an integer e in [-1022, 1023], built from its bit pattern so it is exact. */
function pow2i(e: number): number {
  U32[HI] = (e + 1023) << 20;
  U32[1 - HI] = 0;
  return F64[0]!;
}

/** C's ldexp(): x * 2^e without intermediate overflow. */
function ldexp(x: number, e: number): number {
  while (e > 1023) {
    x *= pow2i(1023);
    e -= 1023;
  }
  while (e < -1022) {
    x *= pow2i(-1022);
    e += 1022;
  }
  return x * pow2i(e);
}

/** C's frexp(): [m, e] with x = m * 2^e and 0.5 <= |m| < 1 (m = x for 0, infinities and NaN). */
function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  F64[0] = x;
  let biased = (U32[HI]! >>> 20) & 0x7ff;
  let shift = 0;
  if (biased === 0) {
    F64[0] = x * pow2i(64);
    biased = (U32[HI]! >>> 20) & 0x7ff;
    shift = 64;
  }
  const e = biased - 1022;
  U32[HI] = (U32[HI]! & 0x800fffff) | (1022 << 20);
  return [F64[0]!, e - shift];
}

function ddLdexp(a: DD, e: number): DD {
  return { hi: ldexp(a.hi, e), lo: ldexp(a.lo, e) };
}

/** frexp() for a double-double: the mantissa keeps 0.5 <= |hi| < 1 unless hi is exactly 1 and lo < 0. */
function ddFrexp(a: DD): [DD, number] {
  let [man, exponent] = frexp(a.hi);
  let b1 = ldexp(a.lo, -exponent);
  if (Math.abs(man) === 0.5 && man * b1 < 0) {
    man *= 2;
    b1 *= 2;
    exponent -= 1;
  }
  return [{ hi: man, lo: b1 }, exponent];
}

// --- kolmogorov.h helpers ----------------------------------------------------------------------

/** The power of two following x (kolmogorov.h nextPowerOf2, used only to pick a split of an exponent). */
function nextPowerOf2(x: number): number {
  const q = ldexp(x, 1 - 53);
  let l = Math.abs(q + x);
  if (l === 0) {
    l = Math.abs(x);
  } else {
    const lint = Math.trunc(l);
    if (lint === l) l = lint;
  }
  return l;
}

/** floor(n x) and the remainder, computed exactly (kolmogorov.h modNX). */
function modNX(n: number, x: number): { alpha: number; nxfloor: number; nx: number } {
  const nxD = ddMulD(dd(x), n);
  const nxfloorD = ddFloor(nxD);
  const alphaD = ddAdd(nxD, ddNeg(nxfloorD));
  let alpha = alphaD.hi;
  let nxfloor = Math.trunc(nxfloorD.hi);
  if (alpha === 1) {
    nxfloor += 1;
    alpha = 0;
  }
  return { alpha, nxfloor, nx: nxD.hi };
}

/** C(n, j+1) from C(n, j), kept as a double-double mantissa and a separate exponent (updateBinomial). */
function updateBinomial(c: { man: DD; expt: number }, n: number, j: number): void {
  const rat = ddDiv(dd(n - j), dd(j + 1.0));
  const [man2, expt] = ddFrexp(ddMul(c.man, rat));
  c.expt += expt;
  c.man = man2;
}

/** a^m for a double-double, trading accuracy for time as SciPy does (pow_D). */
function powD(a: DD, m: number): DD {
  if (m <= 0) {
    if (m === 0) return dd(1.0);
    return ddDiv(dd(1.0), powD(a, -m));
  }
  if (ddIsZero(a)) return dd(0.0);
  const ans = Math.pow(a.hi, m);
  const r = a.lo / a.hi;
  let adj = m * r;
  if (Math.abs(adj) > 1e-8) {
    if (Math.abs(adj) < 1e-4) {
      adj += (m * r) * ((m - 1) / 2.0 * r);
    } else {
      adj = Math.expm1(m * Math.log1p(r));
    }
  }
  return ddAddD(dd(ans), ans * adj);
}

/** (a + b)^m as a double (pow2). */
function pow2(a: number, b: number, m: number): number {
  return powD(ddAddD(dd(a), b), m).hi;
}

/** a^m as significand * 2^exponent, splitting the power so nothing underflows (pow2Scaled_D). */
function pow2ScaledD(a: DD, m: number): [DD, number] {
  if (m <= 0) {
    if (m === 0) return [dd(1.0), 0];
    const [ans, aE1] = pow2ScaledD(a, -m);
    const [inv, aE2] = ddFrexp(ddDiv(dd(1.0), ans));
    return [inv, -aE1 + aE2];
  }
  const [y, yE] = ddFrexp(a);
  if (m === 1) return [y, yE];
  let maxExpt = SM_MAX_EXPONENT;
  if (m * (y.hi - 1) / y.hi < -SM_MAX_EXPONENT * Math.LN2) {
    const lg2y = Math.log(y.hi) / Math.LN2;
    const lgAns = m * lg2y;
    if (lgAns <= -SM_MAX_EXPONENT) {
      maxExpt = Math.trunc(nextPowerOf2(-SM_MAX_EXPONENT / lg2y + 1) / 2);
    }
  }
  if (m <= maxExpt) {
    const [ans, ansE] = ddFrexp(powD(y, m));
    return [ans, ansE + m * yE];
  }
  const q = Math.trunc(m / maxExpt);
  const r = m % maxExpt;
  const [y2r, y2rE] = pow2ScaledD(y, r);
  const [y2m, y2mE] = pow2ScaledD(y, maxExpt);
  let [y2mq, y2mqE] = pow2ScaledD(y2m, q);
  const [ans, ansE0] = ddFrexp(ddMul(y2r, y2mq));
  y2mqE += y2mE * q;
  return [ans, ansE0 + y2mqE + y2rE + m * yE];
}

/** ((a + b) / (c + d))^m (pow4_D). */
function pow4D(a: number, b: number, c: number, d: number, m: number): DD {
  if (m <= 0) {
    if (m === 0) return dd(1.0);
    return pow4D(c, d, a, b, -m);
  }
  const A = ddAddD(dd(a), b);
  const C = ddAddD(dd(c), d);
  if (ddIsZero(A)) return ddIsZero(C) ? dd(NaN, NaN) : dd(0.0);
  if (ddIsZero(C)) return A.hi < 0 ? dd(-Infinity, -Infinity) : dd(Infinity, Infinity);
  return powD(ddDiv(A, C), m);
}

/** A term A_v(n, x) = C(n, v) (1 - x - v/n)^(n-v) (x + v/n)^(v-1) of the Birnbaum–Tingey sum (computeAv). */
function computeAv(n: number, x: number, v: number, cman: DD, cexpt: number): DD {
  const t2x = ddAddD(ddDiv(dd(n - v), dd(n)), -x);
  const [t2, t2E] = pow2ScaledD(t2x, n - v);
  const t1x = ddAddD(ddDiv(dd(v), dd(n)), x);
  const [t1, t1E] = pow2ScaledD(t1x, v - 1);
  const ans = ddMul(ddMul(t1, t2), cman);
  return ddLdexp(ans, cexpt + t1E + t2E);
}

/**
 * The survival function of the one-sided Kolmogorov–Smirnov statistic, P(D+_n >= x), as
 * `scipy.special.smirnov(n, x)`.
 *
 * @param n the sample size, a positive integer
 * @param x the statistic, in [0, 1]
 * @returns the probability, or NaN when the arguments are out of range
 * @example
 * ```ts
 * import { smirnovSf } from "./smirnov.ts";
 * import assert from "node:assert/strict";
 * assert.equal(smirnovSf(1, 0.25), 0.75);
 * assert.ok(Math.abs(smirnovSf(20, 0.6) - 1.0241505824859926e-7) < 1e-20);
 * ```
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && Number.isInteger(n) && x >= 0.0 && x <= 1.0)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0.0) return 1.0;
  if (x === 1.0) return 0.0;

  const { alpha, nxfloor: nxfl } = modNX(n, x);
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  let n1mxceil = n - nxfl;
  // If alpha is 0, the last term belongs in neither the lower nor the upper summation.
  if (alpha === 0) {
    n1mxfl -= 1;
    n1mxceil += 1;
  }

  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    // x <= 1/n
    return 1 - x * pow2(1, x, n - 1);
  }
  if (-2 * n * x * x < MINLOG) return 0;
  if (nxfl >= n - 1) return pow2(1, -x, n); // x >= 1 - 1/n
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    // p ~ e^(-(6nx+1)^2 / 18n)
    const logp = -Math.pow(6.0 * n * x + 1, 2) / 18.0 / n;
    return clamp01(logp < -Math.LN2 ? Math.exp(logp) : 1 - -Math.expm1(logp));
  }

  // The upper sum alternates in sign: use it only for a few terms, where it is the more accurate one.
  const nUpperTerms = n - n1mxceil + 1;
  const useUpperSum = (nUpperTerms <= 1 && x < 0.5) ||
    (n >= SM_UPPERSUM_MIN_N && nUpperTerms <= SM_UPPER_MAX_TERMS && x <= 0.5 / Math.sqrt(n));

  let start = 0;
  let step = 1;
  let nTerms = n1mxfl + 1;
  const vmid = Math.trunc(n / 2);
  const binomial = { man: dd(1.0), expt: 0 };
  let aj: DD;
  if (useUpperSum) {
    start = n;
    step = -1;
    nTerms = n - n1mxceil + 1;
    aj = pow4D(1, x, 1, 0, n - 1);
  } else {
    aj = ddDiv(pow4D(1, -x, 1, 0, n), dd(x));
  }
  let ajSum = ddAdd(dd(0.0), aj);
  updateBinomial(binomial, n, 0);

  for (let j = 1; j < nTerms; j++) {
    const v = start + j * step;
    aj = computeAv(n, x, v, binomial.man, binomial.expt);
    if (Number.isFinite(aj.hi) && !ddIsZero(aj)) ajSum = ddAdd(ajSum, aj);
    if (!ddIsZero(aj)) {
      if (4 * (nTerms - j) * Math.abs(aj.hi) < EPSILON * ajSum.hi && j !== nTerms - 1) break;
    } else if (j > vmid) {
      break;
    }
    updateBinomial(binomial, n, j);
  }
  const prob = ddMulD(ajSum, x).hi;
  return clamp01(step < 0 ? 1 - prob : prob);
}

function clamp01(p: number): number {
  return Math.min(Math.max(p, 0), 1);
}
