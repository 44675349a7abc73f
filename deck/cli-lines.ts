// How a demo's CLI lines look on a slide: long lines split where a person would type a `\`, and
// the safety flags the server adds (demos/hardening.ts) set apart from the demo's own.
import type { Recording } from '../demos/recording'
import type { Demo } from '../demos/types'
import { recordedOutput } from '../demos/recording'
import { shellWords } from './cli-commands'

export interface DemoLine {
  /** The line as it runs (and as recordings keep it). */
  cli: string
  /** Flags the server adds to this step's container beyond the line; empty for other steps. */
  safety: string[]
}

/** `virtual:demo-lines`: every catalog demo's lines, and each shell session's (id -> its lines), by id. */
export function demoLines(demos: readonly Demo[], sessions: Record<string, string[]> = {}): Record<string, DemoLine[]> {
  return Object.fromEntries([
    ...demos.map(d => [
      d.id,
      d.steps.map(s => ({ cli: s.cli, safety: s.safety ?? [] })),
    ]),
    ...Object.entries(sessions).map(([id, lines]) => [
      id,
      lines.map(cli => ({ cli, safety: [] })),
    ]),
  ])
}

/**
 * Splits a line longer than `width` characters before a flag (or the first word that does not fit),
 * ending every part but the last with ` \`, so pasting the parts into a shell runs the same line.
 * Quoted words are never split.
 */
export function splitLine(line: string, width: number): string[] {
  const parts: string[] = []
  let current = ''
  for (const word of shellWords(line)) {
    const next = current
      ? `${current} ${word}`
      : word
    // Room for the trailing ` \`; a continuation line is indented by 4.
    const room = width - 2 - (parts.length ? 4 : 0)
    if (current && next.length > room) {
      parts.push(current)
      current = word
    }
    else {
      current = next
    }
  }
  if (current)
    parts.push(current)
  return parts.map((part, i) => `${i ? '    ' : ''}${part}${i < parts.length - 1
    ? ' \\'
    : ''}`)
}

/** The safety flags shared by every container step of a demo, or undefined when they differ. */
export function sharedSafety(lines: readonly DemoLine[]): string[] | undefined {
  const sets = lines.filter(l => l.safety.length).map(l => l.safety.join(' '))
  return sets.length && sets.every(s => s === sets[0])
    ? lines.find(l => l.safety.length)!.safety
    : undefined
}

/** Beyond this, a line wraps anyway: a font small enough for it would be unreadable. */
const WIDEST_KEPT = 110

/**
 * The columns a demo's terminal needs for its output not to wrap, from its recording: the longest
 * line it printed (up to WIDEST_KEPT). Its `$` lines are split to the terminal's width instead.
 */
export function outputWidth(recording: Recording): number {
  const lines = `${recordedOutput(recording, 'stdout')}\n${recordedOutput(recording, 'stderr')}`.split('\n')
  return Math.min(WIDEST_KEPT, Math.max(0, ...lines.map(l => [...l].length)))
}
