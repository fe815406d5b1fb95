/**
 * The log-gamma function and the regularized incomplete gamma functions, ported from the Cephes library
 * as vendored in SciPy (`scipy/special/xsf/cephes/gamma.h`, `igam.h`, `lanczos.h`, `unity.h`). They back
 * the chi-square survival function, so chi-square p-values agree with `scipy.stats.chi2.sf`.
 *
 * @module
 */

/** 2^-53, Cephes' `MACHEP`: the relative precision the series are summed to. */
const MACHEP = 1.11022302462515654042e-16;
/** Cephes' `MAXLOG`: exp() of anything larger overflows. */
const MAXLOG = 7.09782712893383996843e2;
const LOGPI = 1.1447298858494001741;
/** log(sqrt(2*pi)) */
const LS2PI = 0.91893853320467274178;
const MAXLGM = 2.556348e305;
const EULER = 0.577215664901532860606512090082402431;
const IGAM_MAXITER = 2000;
const IGAM_BIG = 4.503599627370496e15;
const IGAM_BIGINV = 2.22044604925031308085e-16;

// lgam(): Stirling expansion (A) and the rational approximation on [2, 3] (B / C), cephes gamma.h.
const GAMMA_A = [
  8.11614167470508450300e-4,
  -5.95061904284301438324e-4,
  7.93650340457716943945e-4,
  -2.77777777730099687205e-3,
  8.33333333333331927722e-2,
];
const GAMMA_B = [
  -1.37825152569120859100e3,
  -3.88016315134637840924e4,
  -3.31612992738871184744e5,
  -1.16237097492762307383e6,
  -1.72173700820839662146e6,
  -8.53555664245765465627e5,
];
const GAMMA_C = [
  -3.51815701436523470549e2,
  -1.70642106651881159223e4,
  -2.20528590553854454839e5,
  -1.13933444367982507207e6,
  -2.53252307177582951285e6,
  -2.01889141433532773231e6,
];

// Lanczos approximation N=13, g=6.0246800407767295837 (Boost, via cephes lanczos.h).
const LANCZOS_G = 6.024680040776729583740234375;
const LANCZOS_SUM_EXPG_SCALED_NUM = [
  0.006061842346248906525783753964555936883222,
  0.5098416655656676188125178644804694509993,
  19.51992788247617482847860966235652136208,
  449.9445569063168119446858607650988409623,
  6955.999602515376140356310115515198987526,
  75999.29304014542649875303443598909137092,
  601859.6171681098786670226533699352302507,
  3481712.15498064590882071018964774556468,
  14605578.08768506808414169982791359218571,
  43338889.32467613834773723740590533316085,
  86363131.28813859145546927288977868422342,
  103794043.1163445451906271053616070238554,
  56906521.91347156388090791033559122686859,
];
const LANCZOS_SUM_EXPG_SCALED_DENOM = [
  1,
  66,
  1925,
  32670,
  357423,
  2637558,
  13339535,
  45995730,
  105258076,
  150917976,
  120543840,
  39916800,
  0,
];

/** zeta(n) for n = 2..41 as scipy.special.zeta(n, 1) returns them, for the lgam(1+x) Taylor series. */
const ZETA_2_TO_41 = [
  1.6449340668482266,
  1.202056903159594,
  1.0823232337111381,
  1.0369277551433704,
  1.0173430619844488,
  1.008349277381923,
  1.0040773561979446,
  1.0020083928260826,
  1.0009945751278182,
  1.0004941886041194,
  1.0002460865533078,
  1.0001227133475785,
  1.0000612481350586,
  1.0000305882363072,
  1.0000152822594084,
  1.0000076371976376,
  1.000003817293265,
  1.0000019082127163,
  1.0000009539620338,
  1.0000004769329867,
  1.0000002384505027,
  1.000000119219926,
  1.000000059608189,
  1.0000000298035034,
  1.0000000149015549,
  1.0000000074507118,
  1.000000003725334,
  1.0000000018626598,
  1.0000000009313275,
  1.0000000004656628,
  1.000000000232831,
  1.0000000001164155,
  1.0000000000582077,
  1.0000000000291038,
  1.000000000014552,
  1.000000000007276,
  1.000000000003638,
  1.000000000001819,
  1.0000000000009095,
  1.0000000000004547,
];

/** Cephes polevl(): coefficients highest degree first. */
function polevl(x: number, coef: readonly number[]): number {
  let ans = coef[0]!;
  for (let i = 1; i < coef.length; i++) ans = ans * x + coef[i]!;
  return ans;
}

/** Cephes p1evl(): like polevl() with an implicit leading coefficient 1. */
function p1evl(x: number, coef: readonly number[]): number {
  let ans = x + coef[0]!;
  for (let i = 1; i < coef.length; i++) ans = ans * x + coef[i]!;
  return ans;
}

/** Cephes ratevl(): a rational function, evaluated in 1/x when |x| > 1 for stability. */
function ratevl(x: number, num: readonly number[], denom: readonly number[]): number {
  const m = num.length - 1;
  const n = denom.length - 1;
  if (Math.abs(x) > 1) {
    const y = 1 / x;
    let numAns = num[m]!;
    for (let i = m - 1; i >= 0; i--) numAns = numAns * y + num[i]!;
    let denomAns = denom[n]!;
    for (let i = n - 1; i >= 0; i--) denomAns = denomAns * y + denom[i]!;
    return Math.pow(x, m - n) * numAns / denomAns;
  }
  let numAns = num[0]!;
  for (let i = 1; i <= m; i++) numAns = numAns * x + num[i]!;
  let denomAns = denom[0]!;
  for (let i = 1; i <= n; i++) denomAns = denomAns * x + denom[i]!;
  return numAns / denomAns;
}

/** sin(pi x) with exact zeros at the integers (cephes trig.h sinpi). */
function sinpi(x: number): number {
  let s = 1;
  if (x < 0) {
    x = -x;
    s = -1;
  }
  const r = x % 2;
  if (r < 0.5) return s * Math.sin(Math.PI * r);
  if (r > 1.5) return s * Math.sin(Math.PI * (r - 2));
  return -s * Math.sin(Math.PI * (r - 1));
}

/** Cephes lgam_large_x(): Stirling's series for x >= 1000. */
function lgamLargeX(x: number): number {
  const q = (x - 0.5) * Math.log(x) - x + LS2PI;
  if (x > 1.0e8) return q;
  const p = 1.0 / (x * x);
  return q +
    ((7.9365079365079365079365e-4 * p - 2.7777777777777777777778e-3) * p + 0.0833333333333333333333) / x;
}

/**
 * The natural logarithm of the absolute value of the gamma function, as Cephes `lgam` (which
 * `scipy.special.gammaln` agrees with to a few ulp).
 *
 * @param x the argument; the poles (0, -1, -2, ...) give Infinity
 * @returns log|Γ(x)|
 * @example
 * ```ts
 * import { lgamma } from "./gamma.ts";
 * import assert from "node:assert/strict";
 * assert.equal(lgamma(1), 0);
 * assert.ok(Math.abs(lgamma(10) - Math.log(362880)) < 1e-13);
 * ```
 */
export function lgamma(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (x < -34.0) {
    const q = -x;
    const w = lgamma(q);
    let p = Math.floor(q);
    if (p === q) return Infinity;
    let z = q - p;
    if (z > 0.5) {
      p += 1.0;
      z = p - q;
    }
    z = q * sinpi(z);
    if (z === 0.0) return Infinity;
    return LOGPI - Math.log(z) - w;
  }
  if (x < 13.0) {
    let z = 1.0;
    let p = 0.0;
    let u = x;
    while (u >= 3.0) {
      p -= 1.0;
      u = x + p;
      z *= u;
    }
    while (u < 2.0) {
      if (u === 0.0) return Infinity;
      z /= u;
      p += 1.0;
      u = x + p;
    }
    if (z < 0.0) z = -z;
    if (u === 2.0) return Math.log(z);
    p -= 2.0;
    const y = x + p;
    return Math.log(z) + y * polevl(y, GAMMA_B) / p1evl(y, GAMMA_C);
  }
  if (x > MAXLGM) return Infinity;
  if (x >= 1000.0) return lgamLargeX(x);
  const q = (x - 0.5) * Math.log(x) - x + LS2PI;
  const p = 1.0 / (x * x);
  return q + polevl(p, GAMMA_A) / x;
}

/** lgam(1 + x) near x = 0 by its Taylor series (cephes unity.h lgam1p_taylor). */
function lgam1pTaylor(x: number): number {
  if (x === 0) return 0;
  let res = -EULER * x;
  let xfac = -x;
  for (let n = 2; n < 42; n++) {
    xfac *= -x;
    const coeff = ZETA_2_TO_41[n - 2]! * xfac / n;
    res += coeff;
    if (Math.abs(coeff) < MACHEP * Math.abs(res)) break;
  }
  return res;
}

/** lgam(1 + x), accurate near x = 0 and x = 1 (cephes unity.h lgam1p). */
function lgam1p(x: number): number {
  if (Math.abs(x) <= 0.5) return lgam1pTaylor(x);
  if (Math.abs(x - 1) < 0.5) return Math.log(x) + lgam1pTaylor(x - 1);
  return lgamma(x + 1);
}

/** log(1 + x) - x without cancellation for small x (cephes unity.h log1pmx). */
function log1pmx(x: number): number {
  if (Math.abs(x) < 0.5) {
    let xfac = x;
    let res = 0;
    for (let n = 2; n < 500; n++) {
      xfac *= -x;
      const term = xfac / n;
      res += term;
      if (Math.abs(term) < MACHEP * Math.abs(res)) break;
    }
    return res;
  }
  return Math.log1p(x) - x;
}

/**
 * x^a e^-x / Γ(a), computed through the Lanczos approximation when a and x are close, where the naive
 * exp(a log x - x - lgam(a)) loses digits to cancellation (cephes igam.h igam_fac, after Boost).
 */
function igamFac(a: number, x: number): number {
  if (Math.abs(a - x) > 0.4 * Math.abs(a)) {
    const ax = a * Math.log(x) - x - lgamma(a);
    if (ax < -MAXLOG) return 0.0;
    return Math.exp(ax);
  }
  const fac = a + LANCZOS_G - 0.5;
  let res = Math.sqrt(fac / Math.exp(1)) /
    ratevl(a, LANCZOS_SUM_EXPG_SCALED_NUM, LANCZOS_SUM_EXPG_SCALED_DENOM);
  if (a < 200 && x < 200) {
    res *= Math.exp(a - x) * Math.pow(x / fac, a);
  } else {
    const num = x - a - LANCZOS_G + 0.5;
    res *= Math.exp(a * log1pmx(num / fac) + x * (0.5 - LANCZOS_G) / fac);
  }
  return res;
}

/** Q(a, x) by the continued fraction of DLMF 8.9.2 (cephes igamc_continued_fraction). */
function igamcContinuedFraction(a: number, x: number): number {
  const ax = igamFac(a, x);
  if (ax === 0.0) return 0.0;
  let y = 1.0 - a;
  let z = x + y + 1.0;
  let c = 0.0;
  let pkm2 = 1.0;
  let qkm2 = x;
  let pkm1 = x + 1.0;
  let qkm1 = z * x;
  let ans = pkm1 / qkm1;
  for (let i = 0; i < IGAM_MAXITER; i++) {
    c += 1.0;
    y += 1.0;
    z += 2.0;
    const yc = y * c;
    const pk = pkm1 * z - pkm2 * yc;
    const qk = qkm1 * z - qkm2 * yc;
    let t: number;
    if (qk !== 0) {
      const r = pk / qk;
      t = Math.abs((ans - r) / r);
      ans = r;
    } else {
      t = 1.0;
    }
    pkm2 = pkm1;
    pkm1 = pk;
    qkm2 = qkm1;
    qkm1 = qk;
    if (Math.abs(pk) > IGAM_BIG) {
      pkm2 *= IGAM_BIGINV;
      pkm1 *= IGAM_BIGINV;
      qkm2 *= IGAM_BIGINV;
      qkm1 *= IGAM_BIGINV;
    }
    if (t <= MACHEP) break;
  }
  return ans * ax;
}

/** P(a, x) by the power series of DLMF 8.11.4 (cephes igam_series). */
function igamSeries(a: number, x: number): number {
  const ax = igamFac(a, x);
  if (ax === 0.0) return 0.0;
  let r = a;
  let c = 1.0;
  let ans = 1.0;
  for (let i = 0; i < IGAM_MAXITER; i++) {
    r += 1.0;
    c *= x / r;
    ans += c;
    if (c <= MACHEP * ans) break;
  }
  return ans * ax / a;
}

/** Q(a, x) for small x by DLMF 8.7.3, avoiding cancellation (cephes igamc_series). */
function igamcSeries(a: number, x: number): number {
  let fac = 1;
  let sum = 0;
  for (let n = 1; n < IGAM_MAXITER; n++) {
    fac *= -x / n;
    const term = fac / (a + n);
    sum += term;
    if (Math.abs(term) <= MACHEP * Math.abs(sum)) break;
  }
  const logx = Math.log(x);
  const term = -Math.expm1(a * logx - lgam1p(a));
  return term - Math.exp(a * logx - lgamma(a)) * sum;
}

function checkGammaArgs(name: string, a: number, x: number): void {
  if (!(a >= 0) || !(x >= 0)) {
    throw new RangeError(
      `Invalid arguments to ${name}(a=${a}, x=${x}): a and x must be non-negative numbers`,
    );
  }
}

/**
 * The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), as `scipy.special.gammaincc`
 * (Cephes `igamc`).
 *
 * SciPy switches to Temme's uniform asymptotic expansion when 20 < a < 200 and |x - a| / a < 0.3 (or
 * a > 200 and |x - a| / a < 4.5 / sqrt(a)); this port keeps the power series and continued fraction
 * there. Both are accurate to about 1e-14 relative in that region, because x^a e^-x / Γ(a) is computed
 * through the Lanczos approximation as SciPy does, so results agree with SciPy far inside 1e-10.
 *
 * @param a the shape, a >= 0
 * @param x the lower integration limit, x >= 0
 * @returns Q(a, x) in [0, 1]
 * @example
 * ```ts
 * import { gammaincc } from "./gamma.ts";
 * import assert from "node:assert/strict";
 * assert.ok(Math.abs(gammaincc(1, 2) - Math.exp(-2)) < 1e-15);
 * ```
 */
export function gammaincc(a: number, x: number): number {
  checkGammaArgs("gammaincc", a, x);
  if (a === 0) return x > 0 ? 0 : NaN;
  if (x === 0) return 1;
  if (a === Infinity) return x === Infinity ? NaN : 1;
  if (x === Infinity) return 0;
  if (x > 1.1) {
    return x < a ? 1.0 - igamSeries(a, x) : igamcContinuedFraction(a, x);
  }
  if (x <= 0.5) {
    return -0.4 / Math.log(x) < a ? 1.0 - igamSeries(a, x) : igamcSeries(a, x);
  }
  return x * 1.1 < a ? 1.0 - igamSeries(a, x) : igamcSeries(a, x);
}

/**
 * The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a), as `scipy.special.gammainc`
 * (Cephes `igam`; see {@link gammaincc} for the one place the algorithms differ).
 *
 * @param a the shape, a >= 0
 * @param x the upper integration limit, x >= 0
 * @returns P(a, x) in [0, 1]
 * @example
 * ```ts
 * import { gammainc } from "./gamma.ts";
 * import assert from "node:assert/strict";
 * assert.ok(Math.abs(gammainc(1, 2) - (1 - Math.exp(-2))) < 1e-15);
 * ```
 */
export function gammainc(a: number, x: number): number {
  checkGammaArgs("gammainc", a, x);
  if (a === 0) return x > 0 ? 1 : NaN;
  if (x === 0) return 0;
  if (a === Infinity) return x === Infinity ? NaN : 0;
  if (x === Infinity) return 1;
  if (x > 1.0 && x > a) return 1.0 - gammaincc(a, x);
  return igamSeries(a, x);
}
