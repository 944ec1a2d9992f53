// The standard normal upper tail, accurate in relative terms far into the tail, because
// a p-value of 1e-9 should not come out as 0 or as 1.1e-9.

/** P(Z > z) for a standard normal Z. */
export function standardNormalSurvival(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z < 0) return 1 - standardNormalSurvival(-z);
  return 0.5 * complementaryErrorFunction(z / Math.SQRT2);
}

/** erfc(x) for x >= 0: a series near 0, a continued fraction in the tail (no cancellation there). */
function complementaryErrorFunction(x: number): number {
  if (x < 2.5) return 1 - errorFunctionSeries(x);
  return (Math.exp(-x * x) / Math.sqrt(Math.PI)) * tailContinuedFraction(x);
}

/** erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)); every term is positive. */
function errorFunctionSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200 && term > sum * 1e-17; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

/** √π · e^(x²) · erfc(x) = 1/(x + (1/2)/(x + (2/2)/(x + (3/2)/(x + …)))), by Lentz's method. */
function tailContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let value = x;
  let numerator = x;
  let denominator = 0;
  for (let n = 1; n < 500; n++) {
    const partial = n / 2;
    denominator = x + partial * denominator;
    denominator = denominator === 0 ? 1 / tiny : 1 / denominator;
    numerator = x + partial / numerator;
    if (numerator === 0) numerator = tiny;
    const step = numerator * denominator;
    value *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return 1 / value;
}
