/** One benchmark figure: the measured value, its baseline measured in the same run, and the ratio. */
export type BenchRow = { name: string; value: number; unit: string; baseline: number; ratio: number; target?: string; pass?: boolean };

export const row = (name: string, value: number, unit: string, baseline: number, target?: { text: string; pass: boolean }): BenchRow => ({
  name,
  value: round(value),
  unit,
  baseline: round(baseline),
  ratio: baseline === 0 ? 0 : round(value / baseline, 3),
  ...(target ? { target: target.text, pass: target.pass } : {}),
});

export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
