/** Rounding and ratios as the stats model specifies them: 0 instead of NaN when dividing by zero. */

export function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? numerator / denominator : 0;
}

export function round1(x: number): number {
  return Math.round(x * 10 + Math.sign(x) * 1e-9) / 10;
}

export function round2(x: number): number {
  return Math.round(x * 100 + Math.sign(x) * 1e-9) / 100;
}
