// A rehearsal row's cells as text, the same in the presenter's panel and `npm run rehearse`'s table.
import type { RehearsalRow } from './protocol'

/** A duration as the table shows it: ms below a second, else seconds with one decimal. */
export function durationText(t: number | undefined): string {
  return t === undefined
    ? '–'
    : t < 1000
      ? `${t} ms`
      : `${(t / 1000).toFixed(1)} s`
}

/** Whether the run kept its recording's shape (exit code, step count), or why not. */
export function shapeText(r: RehearsalRow): string {
  return r.sameShape === true
    ? 'same'
    : r.sameShape === false
      ? `differs: ${r.note}`
      : r.note ?? ''
}
