// The committed recordings are what the deck replays offline and prints in the PDF: every demo
// that is recorded must have one, made from the CLI lines the catalog shows today.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { catalog } from '../../demos/catalog'
import { parseRecording, recordedOutput } from '../../demos/recording'

const DIR = resolve(import.meta.dirname, '../../demos/recordings')
const load = (id: string) => parseRecording(JSON.parse(readFileSync(resolve(DIR, `${id}.json`), 'utf8')), `${id}.json`)

describe.each(catalog.filter(d => d.recording !== false).map(d => [d.id, d] as const))('recording of %s', (id, demo) => {
  it('exists (npm run record)', () => {
    expect(existsSync(resolve(DIR, `${id}.json`)), `demos/recordings/${id}.json is missing: run npm run record ${id}`).toBe(true)
  })

  it('shows the CLI lines the catalog shows (re-record after changing the demo)', () => {
    const recording = load(id)
    expect(recording.demoId).toBe(id)
    expect(recording.cli, `CLI lines of ${id} changed since it was recorded: run npm run record ${id}`).toEqual(demo.steps.map(s => s.cli))
  })

  it('is a complete run: steps in order, output, and an end', () => {
    const recording = load(id)
    const steps = recording.events.flatMap(e => e.event === 'step'
      ? [e.data.cli]
      : [])
    expect(recording.cli.slice(0, steps.length)).toEqual(steps)
    expect(recordedOutput(recording, 'stdout') + recordedOutput(recording, 'stderr')).not.toBe('')
    expect('exit' in recording.end).toBe(true)
    const times = recording.events.map(e => e.t)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(Number.isNaN(Date.parse(recording.recordedAt))).toBe(false)
  })
})

it('has no recording of a demo that is no longer in the catalog', () => {
  const ids = new Set(catalog.filter(d => d.recording !== false).map(d => d.id))
  const stale = readdirSync(DIR).filter(f => f.endsWith('.json')).map(f => f.slice(0, -5)).filter(id => !ids.has(id))
  expect(stale).toEqual([])
})
