import type { PlayedEvent, Recording } from '../../demos/recording'
import { describe, expect, it, vi } from 'vitest'
import { playRecording, recordedOutput, Recorder } from '../../demos/recording'

function record(): Recording {
  const r = new Recorder(1000)
  r.add('status', { state: 'running', at: 1010 }, 1010)
  r.add('step', { index: 0, cli: 'docker run x' }, 1010)
  r.add('stdout', { text: 'one\n' }, 1100)
  r.add('stderr', { text: 'oops\n' }, 1500)
  r.add('status', { state: 'exited', at: 2000 }, 2000)
  expect(r.add('exit', { code: 0, oomKilled: false, stopped: false }, 2000)).toBe(true)
  return r.finish({
    demoId: 'x',
    title: 'X',
    cli: ['docker run x'],
    engine: { version: '1' },
  }, new Date('2026-01-01T00:00:00Z'))
}

describe('recorder', () => {
  it('keeps stdout and stderr apart with times relative to the start', () => {
    const rec = record()
    expect(rec.events.map(e => [e.t, e.event])).toEqual([
      [10, 'status'],
      [10, 'step'],
      [100, 'stdout'],
      [500, 'stderr'],
      [1000, 'status'],
      [1000, 'exit'],
    ])
    expect(recordedOutput(rec, 'stdout')).toBe('one\n')
    expect(recordedOutput(rec, 'stderr')).toBe('oops\n')
    expect(rec.durationMs).toBe(1000)
    expect(rec.recordedAt).toBe('2026-01-01T00:00:00.000Z')
  })

  it('caps stored output, keeps the head and marks how much was cut', () => {
    const r = new Recorder(0, 10)
    r.add('stdout', { text: '12345678' }, 1)
    r.add('stdout', { text: 'abcdef' }, 2)
    r.add('stdout', { text: 'more' }, 3)
    r.add('exit', { code: 0, oomKilled: false, stopped: false }, 4)
    const rec = r.finish({
      demoId: 'x',
      title: 'X',
      cli: [],
      engine: { version: '1' },
    })
    expect(recordedOutput(rec, 'stdout')).toBe('12345678ab')
    expect(rec.truncatedBytes).toBe(8)
    expect(recordedOutput(rec, 'stderr')).toContain('8 more bytes')
  })

  it('refuses to finish a run that has not ended', () => {
    expect(() => new Recorder(0).finish({
      demoId: 'x',
      title: 'X',
      cli: [],
      engine: { version: '1' },
    })).toThrow(/not ended/)
  })
})

describe('playRecording', () => {
  it('plays at the original pace, with status times made absolute', async () => {
    vi.useFakeTimers({ now: 50_000 })
    try {
      const got: [number, PlayedEvent][] = []
      const playback = playRecording(record(), e => got.push([Date.now() - 50_000, e]))
      expect(got).toEqual([])
      await vi.advanceTimersByTimeAsync(10)
      expect(got.map(([, e]) => e.event)).toEqual(['status', 'step'])
      expect(got[0]![1].data).toEqual({ state: 'running', at: 50_010 })
      await vi.advanceTimersByTimeAsync(400)
      expect(got.map(([t, e]) => [t, e.event])).toEqual([
        [10, 'status'],
        [10, 'step'],
        [100, 'stdout'],
      ])
      await vi.advanceTimersByTimeAsync(600)
      expect(await playback.done).toBe(true)
      expect(got.map(([t]) => t)).toEqual([10, 10, 100, 500, 1000, 1000])
    }
    finally {
      vi.useRealTimers()
    }
  })

  it('emits everything synchronously in at-once mode', async () => {
    const got: PlayedEvent[] = []
    const playback = playRecording(record(), e => got.push(e), { atOnce: true })
    expect(got.map(e => e.event)).toEqual([
      'status',
      'step',
      'stdout',
      'stderr',
      'status',
      'exit',
    ])
    expect(playback.finished).toBe(true)
    expect(await playback.done).toBe(true)
  })

  it('plays the rest at once on finishNow, and stops for good on abort', async () => {
    vi.useFakeTimers()
    try {
      const got: PlayedEvent[] = []
      const first = playRecording(record(), e => got.push(e))
      await vi.advanceTimersByTimeAsync(150)
      expect(got).toHaveLength(3)
      first.finishNow()
      expect(got).toHaveLength(6)
      expect(await first.done).toBe(true)

      const controller = new AbortController()
      const later: PlayedEvent[] = []
      const second = playRecording(record(), e => later.push(e), { signal: controller.signal })
      await vi.advanceTimersByTimeAsync(150)
      controller.abort()
      await vi.advanceTimersByTimeAsync(5000)
      second.finishNow()
      expect(later).toHaveLength(3)
      expect(await second.done).toBe(false)
    }
    finally {
      vi.useRealTimers()
    }
  })
})
