import type { Channel } from '../../server/runs/channel'
import type { Sent, StreamEvents } from '../../shared/protocol'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { Feed } from '../../server/broadcast/feed'
import { decodeEvent, encodeEvent } from '../../server/http/sse'
import { createChannel } from '../../server/runs/channel'

type StreamMessage = Sent<StreamEvents>

/** V8's full collection, without starting the test process with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}

function collect(channel: Channel, lastEventId?: number): { events: string[], stop: () => void } {
  const events: string[] = []
  const stop = channel.subscribe((message) => {
    events.push(`${message.event} ${JSON.stringify(message.data)}`)
  }, lastEventId)
  return { events, stop }
}

const run = { runId: 'r1', demoId: 'd', at: 0 }

describe('a demo\'s channel on the broadcast core', () => {
  it('gives a late joiner the history, then live events, identical to an early subscriber', () => {
    const channel = createChannel(1024)
    const early = collect(channel)
    channel.begin('run', run)
    channel.publish('stdout', { text: 'one\n' })
    const late = collect(channel)
    channel.publish('stderr', { text: 'two\n' })
    channel.publish('exit', { code: 0, oomKilled: false, stopped: false })
    expect(late.events).toEqual(early.events)
    expect(late.events.map(e => e.split(' ')[0])).toEqual(['run', 'stdout', 'stderr', 'exit'])
  })

  it('drops the oldest output beyond its budget and tells late joiners how much', () => {
    const channel = createChannel(10)
    channel.begin('run', run)
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
    const channel = createChannel(100)
    channel.begin('run', run)
    for (let i = 0; i < 50_000; i++) channel.publish('stdout', { text: `line ${i}\n` })
    const late = collect(channel)
    expect(late.events.length).toBeLessThan(30)
    expect(late.events.at(-1)).toBe('stdout {"text":"line 49999\\n"}')
    expect(late.events[1]).toMatch(/^dropped/)
  })

  it('lets go of a dropped event at once: the history holds its budget, not all output since the last compaction', async () => {
    const channel = createChannel(100)
    channel.begin('run', run)
    let first: WeakRef<object> | undefined
    const stop = channel.subscribe((message) => {
      if (message.event === 'stdout')
        first ??= new WeakRef(message)
    })
    // Far fewer events than the compaction waits for: only dropping can free the first one.
    for (let i = 0; i < 50; i++) channel.publish('stdout', { text: `${'x'.repeat(20)} ${i}\n` })
    stop()
    // A WeakRef holds its target to the end of the current job; then a full collection.
    await new Promise(resolve => setImmediate(resolve))
    collectGarbage()
    expect(first).toBeDefined()
    expect(first!.deref()).toBeUndefined()
  })

  it('resumes a reconnecting client after its Last-Event-ID without repeating events', () => {
    const channel = createChannel(1024)
    channel.begin('run', run) // seq 1
    channel.publish('stdout', { text: 'a' }) // seq 2
    channel.publish('stdout', { text: 'b' }) // seq 3
    expect(collect(channel, 2).events).toEqual(['stdout {"text":"b"}'])
  })

  it('starts a new run from a clean history', () => {
    const channel = createChannel(1024)
    channel.begin('run', run)
    channel.publish('stdout', { text: 'old' })
    channel.begin('run', { ...run, runId: 'r2' })
    expect(collect(channel).events).toEqual([`run ${JSON.stringify({ ...run, runId: 'r2' })}`])
  })

  it('hands every subscriber the same typed event, which SSE encodes and reads back unchanged', () => {
    const channel = createChannel(1024)
    const a: StreamMessage[] = []
    const b: StreamMessage[] = []
    channel.subscribe(m => a.push(m))
    channel.subscribe(m => b.push(m))
    channel.begin('run', run)
    channel.publish('stdout', { text: 'a\nb: "c"\n\n' })
    expect(b[1]).toBe(a[1])
    expect(a.map(m => decodeEvent(encodeEvent(m).trimEnd()))).toEqual([
      { seq: 1, event: 'run', data: run },
      {
        seq: 2,
        event: 'stdout',
        data: { text: 'a\nb: "c"\n\n' },
      },
    ])
  })

  it('stops sending after unsubscribe', () => {
    const channel = createChannel(1024)
    const sub = collect(channel)
    sub.stop()
    channel.begin('run', run)
    expect(sub.events).toEqual([])
    expect(channel.subscriberCount).toBe(0)
  })
})

describe('a feed of states (the dashboard, the shell, the position)', () => {
  interface States { position: { slide: number }, line: { text: string } }
  const states = () => new Feed<States>({
    maxBytes: 4,
    sizeOf: m => m.event === 'line'
      ? m.data.text.length
      : 0,
    keyOf: m => m.event === 'position'
      ? 'position'
      : undefined,
  })

  it('gives a late joiner only the latest of a keyed event, however many came before', () => {
    const feed = states()
    for (let slide = 1; slide <= 5000; slide++) feed.publish('position', { slide })
    const seen: string[] = []
    feed.subscribe(m => seen.push(`${m.event} ${JSON.stringify(m.data)}`))
    expect(seen).toEqual(['position {"slide":5000}'])
  })

  it('resumes past a replaced event with the newer one in its place, and drops output without a notice when none is given', () => {
    const feed = states()
    feed.publish('position', { slide: 1 }) // seq 1
    feed.publish('line', { text: 'ab' }) // seq 2
    feed.publish('position', { slide: 2 }) // seq 3
    feed.publish('line', { text: 'cde' }) // seq 4: drops 'ab'
    const resumed: number[] = []
    feed.subscribe(m => resumed.push(m.seq), 2)
    expect(resumed).toEqual([3, 4])
    const fresh: string[] = []
    feed.subscribe(m => fresh.push(m.event))
    expect(fresh).toEqual(['position', 'line'])
  })

  it('tells when its first viewer joins and its last leaves', () => {
    const active: boolean[] = []
    const feed = new Feed<States>({
      maxBytes: 0,
      onActive: on => active.push(on),
    })
    const a = feed.subscribe(() => {})
    const b = feed.subscribe(() => {})
    a()
    a()
    b()
    expect(active).toEqual([true, false])
  })
})
