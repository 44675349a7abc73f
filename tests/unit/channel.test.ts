import { describe, expect, it } from 'vitest'
import type { StreamMessage } from '../../server/http/channel'
import { Channel } from '../../server/http/channel'
import { decodeEvent, encodeEvent } from '../../server/http/sse'

function collect(channel: Channel, lastEventId?: number): { events: string[], stop: () => void } {
  const events: string[] = []
  const stop = channel.subscribe((message) => {
    events.push(`${message.event} ${JSON.stringify(message.data)}`)
  }, lastEventId)
  return { events, stop }
}

const run = { runId: 'r1', demoId: 'd', at: 0 }

describe('Channel', () => {
  it('gives a late joiner the history, then live events, identical to an early subscriber', () => {
    const channel = new Channel(1024)
    const early = collect(channel)
    channel.begin(run)
    channel.publish('stdout', { text: 'one\n' })
    const late = collect(channel)
    channel.publish('stderr', { text: 'two\n' })
    channel.publish('exit', { code: 0, oomKilled: false, stopped: false })
    expect(late.events).toEqual(early.events)
    expect(late.events.map(e => e.split(' ')[0])).toEqual(['run', 'stdout', 'stderr', 'exit'])
  })

  it('drops the oldest output beyond its budget and tells late joiners how much', () => {
    const channel = new Channel(10)
    channel.begin(run)
    channel.publish('status', { state: 'running', at: 1 })
    for (const t of ['aaaa', 'bbbb', 'cccc', 'dddd']) channel.publish('stdout', { text: t })
    const late = collect(channel)
    expect(late.events).toEqual([
      `run ${JSON.stringify(run)}`,
      'status {"state":"running","at":1}',
      'dropped {"bytes":8}',
      'stdout {"text":"cccc"}',
      'stdout {"text":"dddd"}',
    ])
  })

  it('keeps memory bounded over a long run by compacting dropped entries', () => {
    const channel = new Channel(100)
    channel.begin(run)
    for (let i = 0; i < 50_000; i++) channel.publish('stdout', { text: `line ${i}\n` })
    const late = collect(channel)
    expect(late.events.length).toBeLessThan(30)
    expect(late.events.at(-1)).toBe('stdout {"text":"line 49999\\n"}')
    expect(late.events[1]).toMatch(/^dropped/)
  })

  it('resumes a reconnecting client after its Last-Event-ID without repeating events', () => {
    const channel = new Channel(1024)
    channel.begin(run) // seq 1
    channel.publish('stdout', { text: 'a' }) // seq 2
    channel.publish('stdout', { text: 'b' }) // seq 3
    expect(collect(channel, 2).events).toEqual(['stdout {"text":"b"}'])
  })

  it('starts a new run from a clean history', () => {
    const channel = new Channel(1024)
    channel.begin(run)
    channel.publish('stdout', { text: 'old' })
    channel.begin({ ...run, runId: 'r2' })
    expect(collect(channel).events).toEqual([`run ${JSON.stringify({ ...run, runId: 'r2' })}`])
  })

  it('hands every subscriber the same typed event, which SSE encodes and reads back unchanged', () => {
    const channel = new Channel(1024)
    const a: StreamMessage[] = []
    const b: StreamMessage[] = []
    channel.subscribe(m => a.push(m))
    channel.subscribe(m => b.push(m))
    channel.begin(run)
    channel.publish('stdout', { text: 'a\nb: "c"\n\n' })
    expect(b[1]).toBe(a[1])
    expect(a.map(m => decodeEvent(encodeEvent(m).trimEnd()))).toEqual([
      { seq: 1, event: 'run', data: run },
      { seq: 2, event: 'stdout', data: { text: 'a\nb: "c"\n\n' } },
    ])
  })

  it('stops sending after unsubscribe', () => {
    const channel = new Channel(1024)
    const sub = collect(channel)
    sub.stop()
    channel.begin(run)
    expect(sub.events).toEqual([])
    expect(channel.subscriberCount).toBe(0)
  })
})
