import { setImmediate as nextTurn } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { MAX_EVENT_CHARS, OutputCoalescer } from '../../server/runs/coalesce'

function collect(): { out: OutputCoalescer, emitted: [string, string][] } {
  const emitted: [string, string][] = []
  return {
    out: new OutputCoalescer((stream, text) => emitted.push([stream, text])),
    emitted,
  }
}

describe('output coalesced per event-loop turn', () => {
  it('joins what arrives in one turn and emits it on the next, stdout and stderr in arrival order', async () => {
    const { out, emitted } = collect()
    out.write('stdout', 'a')
    out.write('stdout', 'b')
    out.write('stderr', 'E')
    out.write('stdout', 'c')
    expect(emitted).toEqual([])
    await nextTurn()
    expect(emitted).toEqual([
      ['stdout', 'ab'],
      ['stderr', 'E'],
      ['stdout', 'c'],
    ])
  })

  it('flush sends what is pending at once, and nothing is sent twice', async () => {
    const { out, emitted } = collect()
    out.write('stdout', 'x')
    out.flush()
    expect(emitted).toEqual([
      ['stdout', 'x'],
    ])
    await nextTurn()
    expect(emitted).toEqual([
      ['stdout', 'x'],
    ])
  })

  it('sends an event as soon as it is full, so no single event outgrows the cap by more than a chunk', () => {
    const { out, emitted } = collect()
    const chunk = 'y'.repeat(16 * 1024)
    for (let i = 0; i < 8; i++) out.write('stdout', chunk)
    expect(emitted.map(([, t]) => t.length)).toEqual([MAX_EVENT_CHARS, MAX_EVENT_CHARS])
  })
})
