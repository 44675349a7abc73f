// Summaries of repeated measurements. Medians, not means: one run delayed by another process on a
// shared machine must not move the number.

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0)
    return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

export const median = (values: readonly number[]): number => quantile(values, 0.5)

export function ms(v: number): string {
  return Number.isFinite(v)
    ? `${v.toFixed(0)} ms`
    : 'n/a'
}
export function mb(bytes: number): string {
  return Number.isFinite(bytes)
    ? `${(bytes / 1024 / 1024).toFixed(0)} MB`
    : 'n/a'
}
export function ratio(v: number): string {
  return Number.isFinite(v)
    ? `${v.toFixed(2)}x`
    : 'n/a'
}

/** Runs each variant in turn, `rounds` times, so a slow spell of the machine hits them all alike. */
export async function alternate<K extends string>(rounds: number, variants: Record<K, () => Promise<number>>): Promise<Record<K, number[]>> {
  const keys = Object.keys(variants) as K[]
  const samples = Object.fromEntries(keys.map(k => [k, [] as number[]])) as Record<K, number[]>
  for (let i = 0; i < rounds; i++) {
    // Rotate the order each round: no variant always runs right after the same other one.
    for (let j = 0; j < keys.length; j++) {
      const k = keys[(i + j) % keys.length]!
      samples[k].push(await variants[k]())
    }
  }
  return samples
}
