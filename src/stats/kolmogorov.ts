/**
 * The two-sided one-sample Kolmogorov–Smirnov distribution: finite n (`scipy.stats.kstwo`) and its
 * limit (`scipy.stats.kstwobign`, `scipy.special.kolmogorov`). The two-sample KS test's asymptotic
 * p-value is `kstwoSf(D, round(n1 n2 / (n1 + n2)))`, as in `scipy.stats.ks_2samp`.
 *
 * The finite-n code is a port of `scipy/stats/_ksstats.py`, which follows Simard & L'Ecuyer (2011),
 * "Computing the Two-Sided Kolmogorov-Smirnov Distribution", J. Stat. Software 39(11): depending on n and
 * x it uses the Ruben–Gambino closed forms, the Durbin matrix in the Marsaglia–Tsang–Wang form, the
 * Pomeranz recursion, the Pelz–Good asymptotic series, or twice the one-sided Smirnov probability.
 *
 * @module
 */

import { smirnovSf } from "./smirnov.ts";

const E128 = 128;
const EP128 = 2 ** 128;
const EM128 = 2 ** -128;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const MIN_LOG = -708;
const SQRT3 = Math.sqrt(3);
const PI_SQUARED = Math.PI ** 2;
const PI_FOUR = Math.PI ** 4;
const PI_SIX = Math.PI ** 6;
/** B_{2j} / (2j) / (2j-1) for j = 8..1, Stirling's series (from `_loggamma.pxd`). */
const STIRLING_COEFFS = [
  -2.955065359477124183e-2,
  6.4102564102564102564e-3,
  -1.9175269175269175269e-3,
  8.4175084175084175084e-4,
  -5.952380952380952381e-4,
  7.9365079365079365079e-4,
  -2.7777777777777777778e-3,
  8.3333333333333333333e-2,
];

/** Cephes kolmogorov.h: below this x the limiting CDF underflows (x <= 0.040611972203751713). */
const KOLMOG_MIN_X = Math.PI / Math.sqrt((708 + 38) * 8);
const KOLMOG_CUTOVER = 0.82;

function clip01(p: number): number {
  return Math.min(Math.max(p, 0), 1);
}

/** ldexp for the final unscaling; the exponents here stay far from the double range limits. */
function ldexp(x: number, e: number): number {
  let result = x;
  let rest = e;
  while (rest > 1000) {
    result *= 2 ** 1000;
    rest -= 1000;
  }
  while (rest < -1000) {
    result *= 2 ** -1000;
    rest += 1000;
  }
  return result * 2 ** rest;
}

/** log(n! / n^n) by Stirling's series with n log n removed up front (`_log_nfactorial_div_n_pow_n`). */
function logNFactorialDivNPowN(n: number): number {
  const rn = 1.0 / n;
  let poly = 0;
  for (const c of STIRLING_COEFFS) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/**
 * P(D_n <= d) by the Durbin matrix algorithm as Marsaglia, Tsang & Wang (2003) evaluate it: the k-th
 * diagonal entry of H^n, with H of size (2k-1) for d = (k-h)/n (`_kolmogn_DMTW`). Cost O(m^3 log n).
 */
function kolmognDMTW(n: number, d: number): number {
  if (d >= 1.0) return 1.0;
  const nd = n * d;
  if (nd <= 0.5) return 0.0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;

  // v[j] = (1 - h^(j+1)) / (j+1)!  (except v[m-1]);  w[j] = 1 / j!
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1.0;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1.0 - h ** j) * fac;
  }
  const tt = Math.max(2 * h - 1.0, 0) ** m - 2 * h ** m;
  v[m - 1] = (1.0 + tt) * fac;

  let H = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1]!;
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r]!;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c]!;

  let Hpwr = new Float64Array(m * m);
  for (let i = 0; i < m; i++) Hpwr[i * m + i] = 1;
  let nn = n;
  let expnt = 0;
  let Hexpnt = 0;
  const kk = (k - 1) * m + (k - 1);
  while (nn > 0) {
    if (nn % 2) {
      Hpwr = matmul(Hpwr, H, m);
      expnt += Hexpnt;
    }
    H = matmul(H, H, m);
    Hexpnt *= 2;
    if (Math.abs(H[kk]!) > EP128) {
      for (let i = 0; i < H.length; i++) H[i] = H[i]! / EP128;
      Hexpnt += E128;
    }
    nn = Math.floor(nn / 2);
  }

  let p = Hpwr[kk]!;
  // Multiply by n!/n^n, rescaling to stay clear of underflow.
  for (let i = 1; i <= n; i++) {
    p = i * p / n;
    if (Math.abs(p) < EM128) {
      p *= EP128;
      expnt -= E128;
    }
  }
  if (expnt !== 0) p = ldexp(p, expnt);
  return clip01(p);
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l]!;
      if (ail === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] = out[i * m + j]! + ail * b[l * m + j]!;
    }
  }
  return out;
}

/** The interval of non-zero entries of row i in the Pomeranz recursion (`_pomeranz_compute_j1j2`). */
function pomeranzJ1J2(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const ip1div2 = Math.floor((i + 1) / 2);
    const ip1mod2 = (i + 1) % 2;
    if (ip1mod2 === 0) {
      if (ip1div2 === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = ip1div2 - 1 - ll - roundf - 1;
        j2 = ip1div2 + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = ip1div2 - 1 - ll - 1;
      j2 = ip1div2 + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/**
 * P(D_n <= x) by the Pomeranz (1974) recursion: each row is the previous one convolved with truncated
 * Poisson probabilities, keeping two rows and rescaling against underflow (`_kolmogn_Pomeranz`).
 */
function kolmognPomeranz(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = 1.0 * (t - ll);
  const g = Math.min(f, 1.0 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = 1.0;
  twogpower[0] = 1.0;
  onem2gpower[0] = 1.0;
  let expnt = 0;
  const gOverN = g / n;
  const twoGOverN = 2 * g / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = gpower[m - 1]! * gOverN / m;
    twogpower[m] = twogpower[m - 1]! * twoGOverN / m;
    onem2gpower[m] = onem2gpower[m - 1]! * oneMinusTwoGOverN / m;
  }

  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let [j1, j2] = pomeranzJ1J2(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0.0);
    [j1, j2] = pomeranzJ1J2(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // conv = numpy.convolve(V0[k1 - V0s : k1 - V0s + ln2], pwrs[:ln2]); keep conv[j1-k1 : j2-k1+1].
      const base = k1 - V0s;
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      let max = 0;
      for (let c = 0; c < convLen; c++) {
        const idx = convStart + c;
        let sum = 0;
        const lo = Math.max(0, idx - ln2 + 1);
        const hi = Math.min(idx, ln2 - 1);
        for (let a = lo; a <= hi; a++) sum += V0[base + a]! * pwrs[idx - a]!;
        V1[c] = sum;
        if (sum > max) max = sum;
      }
      if (0 < max && max < EM128) {
        for (let c = 0; c < npwrs; c++) V1[c] = V1[c]! * EP128;
        expnt -= E128;
      }
      V1s = V0s + j1 - k1;
    }
  }

  // Multiply by n!
  let ans = V1[n - V1s]!;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > EP128) {
      ans *= EM128;
      expnt += E128;
    }
    ans *= m;
  }
  if (expnt !== 0) ans = ldexp(ans, expnt);
  return clip01(ans);
}

/**
 * The Pelz–Good (1976) approximation to P(D_n <= x): the Li-Chien/Korolyuk expansion
 * K0 + K1/sqrt(n) + K2/n + K3/n^1.5, rewritten with Jacobi theta identities for small z
 * (`_kolmogn_PelzGood`, CDF only).
 */
function kolmognPelzGood(n: number, x: number): number {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const z = Math.sqrt(n) * x;
  const zsquared = z ** 2;
  const zthree = z ** 3;
  const zfour = z ** 4;
  const zsix = z ** 6;

  const qlog = -PI_SQUARED / 8 / zsquared;
  if (qlog < MIN_LOG) return 0.0;
  let q = Math.exp(qlog);

  const k1a = -zsquared;
  const k1b = PI_SQUARED / 4;
  const k2a = 6 * zsix + 2 * zfour;
  const k2b = (2 * zfour - 5 * zsquared) * PI_SQUARED / 4;
  const k2c = PI_FOUR * (1 - 2 * zsquared) / 16;
  const k3d = PI_SIX * (5 - 30 * zsquared) / 64;
  const k3c = PI_FOUR * (-60 * zsquared + 212 * zfour) / 16;
  const k3b = PI_SQUARED * (135 * zfour - 96 * zsix) / 4;
  const k3a = -30 * zsix - 90 * z ** 8;

  // Horner scheme over the odd integers for sum c_i q^(i^2).
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil(16 * z / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const msquared = m ** 2;
    const mfour = m ** 4;
    const msix = m ** 6;
    const qpower = Math.pow(q, 8 * k);
    K[0] = K[0]! * qpower + 1.0;
    K[1] = K[1]! * qpower + (k1a + k1b * msquared);
    K[2] = K[2]! * qpower + (k2a + k2b * msquared + k2c * mfour);
    K[3] = K[3]! * qpower + (k3a + k3b * msquared + k3c * mfour + k3d * msix);
  }
  const denominators = [z, 6 * zfour, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = K[i]! * q * SQRT2PI / denominators[i]!;

  // The sums over all integers k in K2 and K3; little cancellation, so summed directly.
  q = Math.exp(-PI_SQUARED / 2 / zsquared);
  const sqrt3z = SQRT3 * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maxk; k > 0; k--) {
    const ksquared = k ** 2;
    const kspi = Math.PI * k;
    const qpwer = q ** ksquared;
    k2extra += ksquared * qpwer;
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksquared * qpwer;
  }
  K[2] = K[2]! + k2extra * (PI_SQUARED * SQRT2PI / (-36 * zthree));
  K[3] = K[3]! + k3extra * (PI_SQUARED * SQRT2PI / (216 * zsix));
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += K[i]! / Math.pow(n * 1.0, i / 2.0);
  return sum;
}

/** P(D_n <= x) or P(D_n > x) choosing the method as Simard & L'Ecuyer recommend (`_kolmogn`). */
function kolmogn(n: number, x: number, cdf: boolean): number {
  const pick = (cdfProb: number, sfProb: number) => clip01(cdf ? cdfProb : sfProb);
  if (x >= 1.0) return pick(1.0, 0.0);
  if (x <= 0.0) return pick(0.0, 1.0);
  const t = n * x;
  if (t <= 1.0) {
    // Ruben–Gambino: 1/2n <= x <= 1/n
    if (t <= 0.5) return pick(0.0, 1.0);
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1.0 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
    }
    return pick(prob, 1.0 - prob);
  }
  if (t >= n - 1) {
    // Ruben–Gambino
    const prob = 2 * (1.0 - x) ** n;
    return pick(1 - prob, prob);
  }
  if (x >= 0.5) {
    // Exact: the one-sided events cannot both happen.
    const prob = 2 * smirnovSf(n, x);
    return pick(1.0 - prob, prob);
  }
  const nxsquared = t * x;
  if (n <= 140) {
    if (nxsquared <= 0.754693) {
      const prob = kolmognDMTW(n, x);
      return pick(prob, 1.0 - prob);
    }
    if (nxsquared <= 4) {
      const prob = kolmognPomeranz(n, x);
      return pick(prob, 1.0 - prob);
    }
    // Miller's approximation: twice the one-sided probability.
    const prob = 2 * smirnovSf(n, x);
    return pick(1.0 - prob, prob);
  }
  // The CDF and the SF have different cut-offs on n x^2.
  if (!cdf) {
    if (nxsquared >= 370.0) return 0.0;
    if (nxsquared >= 2.2) return clip01(2 * smirnovSf(n, x));
  }
  let cdfProb: number;
  if (nxsquared >= 18.0) {
    cdfProb = 1.0;
  } else if (n <= 100000 && n * x ** 1.5 <= 1.4) {
    cdfProb = kolmognDMTW(n, x);
  } else {
    cdfProb = kolmognPelzGood(n, x);
  }
  return pick(cdfProb, 1.0 - cdfProb);
}

function checkN(n: number): void {
  if (!(Number.isInteger(n) && n >= 1)) {
    throw new RangeError(`Invalid sample size "${n}": expected an integer >= 1`);
  }
}

/**
 * The survival function P(D_n > x) of the two-sided one-sample Kolmogorov–Smirnov statistic for a sample
 * of size n, as `scipy.stats.kstwo.sf(x, n)`.
 *
 * @param x the statistic D_n, in [0, 1]
 * @param n the sample size, an integer >= 1
 * @returns the probability, or NaN when x is NaN
 * @example
 * ```ts
 * import { kstwoSf } from "./kolmogorov.ts";
 * import assert from "node:assert/strict";
 * assert.ok(Math.abs(kstwoSf(0.3, 10) - 0.27053557479999946) < 1e-14);
 * assert.equal(kstwoSf(1, 10), 0);
 * ```
 */
export function kstwoSf(x: number, n: number): number {
  checkN(n);
  if (Number.isNaN(x)) return NaN;
  return kolmogn(n, x, false);
}

/**
 * The cumulative distribution function P(D_n <= x) of the two-sided one-sample Kolmogorov–Smirnov
 * statistic for a sample of size n, as `scipy.stats.kstwo.cdf(x, n)`.
 *
 * @param x the statistic D_n, in [0, 1]
 * @param n the sample size, an integer >= 1
 * @returns the probability, or NaN when x is NaN
 * @example
 * ```ts
 * import { kstwoCdf } from "./kolmogorov.ts";
 * import assert from "node:assert/strict";
 * assert.ok(Math.abs(kstwoCdf(0.3, 10) - (1 - 0.27053557479999946)) < 1e-14);
 * ```
 */
export function kstwoCdf(x: number, n: number): number {
  checkN(n);
  if (Number.isNaN(x)) return NaN;
  return kolmogn(n, x, true);
}

/**
 * The survival function of the limiting Kolmogorov distribution, P(sqrt(n) D_n > x) as n → ∞, as
 * `scipy.stats.kstwobign.sf(x)` = `scipy.special.kolmogorov(x)` (Cephes `_kolmogorov`). Common
 * shortcuts use it for finite samples; `ks2samp` does not (see {@link kstwoSf}).
 *
 * @param x the scaled statistic sqrt(n) D_n
 * @returns the probability, or NaN when x is NaN
 * @example
 * ```ts
 * import { kstwobignSf } from "./kolmogorov.ts";
 * import assert from "node:assert/strict";
 * assert.ok(Math.abs(kstwobignSf(1.3581) - 0.05) < 1e-5);
 * assert.equal(kstwobignSf(0), 1);
 * ```
 */
export function kstwobignSf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0 || x <= KOLMOG_MIN_X) return 1.0;
  if (x <= KOLMOG_CUTOVER) {
    // u = e^(-pi^2/(8x^2)), w = sqrt(2pi)/x, P = w u (1 + u^8 + u^24 + u^48 + ...)
    const w = Math.sqrt(2 * Math.PI) / x;
    const logu8 = -Math.PI * Math.PI / (x * x);
    const u = Math.exp(logu8 / 8);
    let P: number;
    if (u === 0) {
      P = Math.exp(logu8 / 8 + Math.log(w));
    } else {
      const u8 = Math.exp(logu8);
      const u8cub = Math.pow(u8, 3);
      P = 1 + u8cub;
      P = 1 + u8 * u8 * P;
      P = 1 + u8 * P;
      P = w * u * P;
    }
    return clip01(1 - P);
  }
  // v = e^(-2x^2), P = 2 (v - v^4 + v^9 - v^16 + ...) = 2v (1 - v^3 (1 - v^5 (1 - v^7 (1 - ...))))
  const v = Math.exp(-2 * x * x);
  const vsq = v * v;
  const v3 = Math.pow(v, 3);
  let P = 1.0;
  P = 1 - v3 * v3 * v * P;
  P = 1 - v3 * vsq * P;
  P = 1 - v3 * P;
  return clip01(2 * v * P);
}
