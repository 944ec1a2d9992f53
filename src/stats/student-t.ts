// Student's t distribution with any positive (not only whole) degrees of freedom: its upper tail
// and its quantiles, for the stored-baseline rule's prediction bound (verdicts/stored.ts). Checked
// against scipy.stats.t (fixtures/stats/make-stored-reference.py).
//
// P(T > t) = I_x(ν/2, 1/2) / 2 with x = ν / (ν + t²) for t >= 0, where I is the regularized
// incomplete beta function, computed by its continued fraction (Lentz's method) on the side
// where it converges fast. 1 − x is passed in as t² / (ν + t²), never formed by subtraction, so
// neither tail loses digits. Against scipy: relative error below 1e-11 for ν up to 1000 (the rule
// uses ν < 20), 2e-10 at ν = 1e5, where ln B(ν/2, 1/2) starts to lose digits to cancellation.

const { abs, exp, log, PI } = Math;

/** P(T > t) for Student's t with `df` degrees of freedom (df > 0, not necessarily whole). */
export function studentTSurvival(t: number, df: number): number {
  checkDegreesOfFreedom(df);
  if (Number.isNaN(t)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 0;
  if (t === Number.NEGATIVE_INFINITY) return 1;
  if (t < 0) return 1 - studentTSurvival(-t, df);
  const denominator = df + t * t;
  return 0.5 * regularizedBeta(df / denominator, (t * t) / denominator, df / 2, 0.5);
}

/** The t with P(T <= t) = p: the p-quantile of Student's t with `df` degrees of freedom. */
export function studentTQuantile(p: number, df: number): number {
  checkDegreesOfFreedom(df);
  if (!(p > 0 && p < 1)) throw new RangeError(`a quantile needs 0 < p < 1, got ${p}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const tail = 1 - p;
  // The upper tail falls as t grows: find a t whose tail is below `tail`, then halve the bracket.
  let low = 0;
  let high = 1;
  while (studentTSurvival(high, df) > tail) {
    low = high;
    high *= 2;
    if (!Number.isFinite(high)) return Number.POSITIVE_INFINITY;
  }
  for (let step = 0; step < 2000; step++) {
    const middle = low + (high - low) / 2;
    if (middle <= low || middle >= high) break;
    if (studentTSurvival(middle, df) > tail) low = middle;
    else high = middle;
  }
  // Newton steps on the bracket's end; the density is the derivative of −survival.
  let t = high;
  for (let step = 0; step < 3; step++) {
    const next = t + (studentTSurvival(t, df) - tail) / studentTDensity(t, df);
    if (!Number.isFinite(next) || next < low || next > high) break;
    t = next;
  }
  return t;
}

/** The density of Student's t at `t`. */
function studentTDensity(t: number, df: number): number {
  const logNormalizer = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * log(df * PI);
  return exp(logNormalizer - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

function checkDegreesOfFreedom(df: number): void {
  if (!(df > 0 && Number.isFinite(df)))
    throw new RangeError(`degrees of freedom must be a positive finite number, got ${df}`);
}

/**
 * I_x(a, b), given x and y = 1 − x separately (each accurate on its own). The continued fraction
 * converges fast for x < (a + 1) / (a + b + 2); beyond that, I_x(a, b) = 1 − I_y(b, a).
 */
function regularizedBeta(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const logFront = a * log(x) + b * log(y) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (exp(logFront) * betaContinuedFraction(y, b, a)) / b;
}

/** The continued fraction of I_x(a, b) (Numerical Recipes' betacf), by the modified Lentz method. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const guard = (value: number): number => (abs(value) < tiny ? tiny : value);
  let c = 1;
  let d = 1 / guard(1 - ((a + b) * x) / (a + 1));
  let value = d;
  for (let m = 1; m <= 10000; m++) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 / guard(1 + even * d);
    c = guard(1 + even / c);
    value *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 / guard(1 + odd * d);
    c = guard(1 + odd / c);
    const step = d * c;
    value *= step;
    if (abs(step - 1) < 1e-16) break;
  }
  return value;
}

function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

// Lanczos approximation, g = 7, 9 coefficients: about 15 significant digits for x > 0.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
function logGamma(x: number): number {
  if (x < 0.5) return log(PI / abs(Math.sin(PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * log(2 * PI) + (z + 0.5) * log(t) - t + log(sum);
}
