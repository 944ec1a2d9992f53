// Synthetic noise for tests and the benchmark's simulation of the retired rule: nothing nicgate
// ships draws normal samples.

const { sqrt, log, cos, PI } = Math;

/** One standard normal draw (Box–Muller); 1 - u keeps the logarithm away from 0. */
export function normalSample(random: () => number): number {
  const radius = sqrt(-2 * log(1 - random()));
  return radius * cos(2 * PI * random());
}
