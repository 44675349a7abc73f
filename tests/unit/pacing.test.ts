import type { Recording } from '../../demos/recording'
// The step gate of paced runs and the cutting of a recording at its steps (server/runs/pacing.ts,
// server/runs/replay.ts stepParts), without an engine.
import { describe, expect, it } from 'vitest'
import { RECORDING_FORMAT } from '../../demos/recording'
import { StepGate } from '../../server/runs/pacing'
import { stepParts } from '../../server/runs/replay'

describe('stepGate', () => {
  it('lets every step through when not paced', async () => {
    const gate = new StepGate(false)
    const signal = new AbortController().signal
    expect(await Promise.all([0, 5, 100].map(i => gate.before(i, signal)))).toEqual([true, true, true])
  })

  it('holds a paced run at the first step not allowed, until allowed or aborted', async () => {
    const calls: string[] = []
    const gate = new StepGate(true, 1, {
      waiting: () => calls.push('waiting'),
      resumed: () => calls.push('resumed'),
    })
    const controller = new AbortController()
    expect(await gate.before(1, controller.signal)).toBe(true)
    const two = gate.before(2, controller.signal)
    expect(calls).toEqual(['waiting'])
    gate.allow(1) // already allowed: nothing changes
    expect(gate.allowedThrough).toBe(1)
    gate.allow(2)
    expect(await two).toBe(true)
    expect(calls).toEqual(['waiting', 'resumed'])
    const three = gate.before(3, controller.signal)
    controller.abort('stopped')
    expect(await three).toBe(false)
    expect(calls).toEqual(['waiting', 'resumed', 'waiting'])
  })
})

describe('stepParts', () => {
  const recording: Recording = {
    format: RECORDING_FORMAT,
    demoId: 'x',
    title: 'x',
    cli: ['a', 'b'],
    recordedAt: '2026-01-01T00:00:00.000Z',
    engine: { version: '20.10' },
    durationMs: 30,
    end: {
      exit: { code: 0, oomKilled: false, stopped: false },
    },
    truncatedBytes: 0,
    events: [
      {
        t: 0,
        event: 'status',
        data: { state: 'creating', at: 0 },
      },
      {
        t: 1,
        event: 'step',
        data: { index: 0, cli: 'a' },
      },
      {
        t: 5,
        event: 'stdout',
        data: { text: 'A' },
      },
      {
        t: 10,
        event: 'step',
        data: { index: 1, cli: 'b' },
      },
      {
        t: 20,
        event: 'stdout',
        data: { text: 'B' },
      },
      {
        t: 30,
        event: 'status',
        data: { state: 'exited', at: 30 },
      },
      {
        t: 30,
        event: 'exit',
        data: { code: 0, oomKilled: false, stopped: false },
      },
    ],
  }

  it('cuts at each step, what precedes the first going with it and the end with the last, each timed from its start', () => {
    const parts = stepParts(recording)
    expect(parts.map(p => p.step)).toEqual([0, 1])
    expect(parts[0]!.recording.events.map(e => [e.t, e.event])).toEqual([
      [0, 'status'],
      [1, 'step'],
      [5, 'stdout'],
    ])
    expect(parts[1]!.recording.events.map(e => [e.t, e.event])).toEqual([
      [0, 'step'],
      [10, 'stdout'],
      [20, 'status'],
      [20, 'exit'],
    ])
    expect(parts[1]!.recording.events[2]).toMatchObject({
      data: { state: 'exited', at: 20 },
    })
  })
})
