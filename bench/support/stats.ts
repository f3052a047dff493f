// The few statistics the benchmarks report, and how their numbers are printed.

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2
}

export const max = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : Math.max(...values)

export const min = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : Math.min(...values)

export const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0)

export const fixed = (value: number, digits = 2): string =>
  Number.isFinite(value) ? value.toFixed(digits) : '–'

export const verdict = (ok: boolean): 'PASS' | 'FAIL' => (ok ? 'PASS' : 'FAIL')

/** A value next to its verdict, e.g. `1.23 PASS`. */
export const judged = (value: number, ok: boolean, digits = 2): string =>
  `${fixed(value, digits)} ${verdict(ok)}`
