// The Docker commands the talk runs, one row per `docker <verb>`, derived from the demo catalog's
// CLI lines and the slides that show each demo: nothing here is a hand-kept copy of the talk.
import type { Demo } from '../demos/types'
import { imageDef } from '../demos/images'

export interface CliCommand {
  /** `docker run`, `docker network create` … */
  command: string
  /** Every flag the talk passes to it, in the order first used. */
  flags: string[]
  /** Slides on which a demo runs it, ascending. */
  slides: number[]
}

// Docker's management commands take a sub-command: `docker network create` is one verb.
const MANAGEMENT = new Set([
  'builder',
  'buildx',
  'compose',
  'config',
  'container',
  'context',
  'image',
  'manifest',
  'network',
  'node',
  'plugin',
  'secret',
  'service',
  'stack',
  'swarm',
  'system',
  'trust',
  'volume',
])

/** Splits a shell line into words, keeping quoted strings whole (enough for the catalog's lines). */
export function shellWords(line: string): string[] {
  const words: string[] = []
  for (const m of line.matchAll(/(?:[^\s'"]|'[^']*'|"(?:\\.|[^"\\])*")+/g)) words.push(m[0])
  return words
}

/**
 * `docker <verb>` and its flags from one CLI line, or undefined for a line that is not a docker
 * command. Flags end where the arguments begin: at the image of `docker run`/`create`, or at the
 * first word that is neither a flag nor a flag's value (`docker stop --time 2 clock`).
 */
export function parseCli(line: string): { command: string, flags: string[] } | undefined {
  let words = shellWords(line)
  if (words[0] === 'timeout')
    words = words.slice(2)
  // Environment assignments before the command (`DOCKER_BUILDKIT=0 docker build`).
  while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) words = words.slice(1)
  if (words[0] !== 'docker' || !words[1])
    return undefined
  const verbLength = MANAGEMENT.has(words[1]) && words[2]
    ? 3
    : 2
  const command = words.slice(0, verbLength).join(' ')
  const flags: string[] = []
  let previousWasFlag = false
  for (const word of words.slice(verbLength)) {
    if (imageDef(word))
      break
    if (word.startsWith('-')) {
      const flag = word.split('=')[0]!
      if (!flags.includes(flag))
        flags.push(flag)
      previousWasFlag = true
      continue
    }
    if (!previousWasFlag)
      break
    previousWasFlag = false
  }
  return { command, flags }
}

/**
 * One row per command, in the order the talk first runs it. `slidesOf` says which slides show a
 * demo; demos on no slide are left out (the talk does not run them).
 */
export function cliCommands(demos: readonly Demo[], slidesOf: (demoId: string) => number[]): CliCommand[] {
  const rows = new Map<string, CliCommand>()
  // In the order the talk shows the demos, so each row's flags come in the order they are met.
  const shown = demos.map(demo => ({
    demo,
    slides: slidesOf(demo.id),
  })).filter(d => d.slides.length)
  shown.sort((a, b) => Math.min(...a.slides) - Math.min(...b.slides))
  for (const { demo, slides } of shown) {
    for (const step of demo.steps) {
      const parsed = parseCli(step.cli)
      if (!parsed)
        continue
      let row = rows.get(parsed.command)
      if (!row)
        rows.set(parsed.command, row = { command: parsed.command, flags: [], slides: [] })
      for (const f of parsed.flags) {
        if (!row.flags.includes(f))
          row.flags.push(f)
      }
      for (const s of slides) {
        if (!row.slides.includes(s))
          row.slides.push(s)
      }
    }
  }
  for (const row of rows.values()) row.slides.sort((a, b) => a - b)
  return [
    ...rows.values(),
  ].sort((a, b) => a.slides[0]! - b.slides[0]! || a.command.localeCompare(b.command))
}
