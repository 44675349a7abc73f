// A minimal Server-Sent Events reader over fetch, for tests. `openEvents` resolves once the
// response headers arrive, which is after the server has subscribed the client: a run started
// after that cannot be missed.
import type { StreamEvent } from '../../shared/protocol'

export interface ReceivedEvent { id?: string, event: StreamEvent['event'], data: any }

export interface EventReader {
  /** Reads events until `done` returns true for one (included). */
  until: (done: (e: ReceivedEvent, all: ReceivedEvent[]) => boolean) => Promise<ReceivedEvent[]>
  close: () => void
}

export async function openEvents(url: string, headers: Record<string, string> = {}): Promise<EventReader> {
  const controller = new AbortController()
  const res = await fetch(url, { headers, signal: controller.signal })
  if (!res.ok || !res.body) throw new Error(`SSE ${url}: HTTP ${res.status} ${await res.text()}`)
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const pending: ReceivedEvent[] = []

  async function next(): Promise<ReceivedEvent> {
    while (pending.length === 0) {
      const { value, done } = await reader.read()
      if (done) throw new Error('event stream ended')
      buffer += decoder.decode(value, { stream: true })
      // One read can hold megabytes of events: cut them out by offset, the rest kept once at the end.
      let start = 0
      let end: number
      while ((end = buffer.indexOf('\n\n', start)) >= 0) {
        const parsed = parseBlock(buffer.slice(start, end))
        start = end + 2
        if (parsed) pending.push(parsed)
      }
      buffer = buffer.slice(start)
    }
    return pending.shift()!
  }

  return {
    async until(done) {
      const all: ReceivedEvent[] = []
      for (;;) {
        const e = await next()
        all.push(e)
        if (done(e, all)) return all
      }
    },
    close: () => controller.abort(),
  }
}

function parseBlock(block: string): ReceivedEvent | undefined {
  const fields: Record<string, string> = {}
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue
    const i = line.indexOf(':')
    const key = line.slice(0, i)
    fields[key] = (fields[key] !== undefined ? `${fields[key]}\n` : '') + line.slice(i + 1).replace(/^ /, '')
  }
  if (!fields.event || fields.data === undefined) return undefined
  return { id: fields.id, event: fields.event as ReceivedEvent['event'], data: JSON.parse(fields.data) }
}

/** The run ends with `exit` or `error`. */
export const runEnded = (e: ReceivedEvent): boolean => e.event === 'exit' || e.event === 'error'

export function outputOf(events: ReceivedEvent[], stream: 'stdout' | 'stderr'): string {
  return events.filter(e => e.event === stream).map(e => e.data.text).join('')
}

/**
 * Starts a run of the demo and reads its events to the end. A channel replays its last run
 * first, so the events returned start at this run's own `run` event.
 */
export async function runToEnd(baseUrl: string, id: string): Promise<ReceivedEvent[]> {
  const events = await openEvents(`${baseUrl}/api/demos/${id}/events`)
  try {
    const res = await fetch(`${baseUrl}/api/demos/${id}/run`, { method: 'POST' })
    if (res.status !== 202) throw new Error(`run ${id}: HTTP ${res.status} ${await res.text()}`)
    const { runId } = await res.json() as { runId: string }
    await events.until(e => e.event === 'run' && e.data.runId === runId)
    return await events.until(runEnded)
  }
  finally { events.close() }
}

/**
 * Output grouped under the CLI line of the step that printed it: `[cli, output]` per step.
 * With `stream`, only that stream: the engine keeps no order between a container's stdout and stderr.
 */
export function byStep(events: ReceivedEvent[], stream?: 'stdout' | 'stderr'): [string, string][] {
  const steps: [string, string][] = []
  for (const e of events) {
    if (e.event === 'step') steps.push([e.data.cli, ''])
    else if (e.event === (stream ?? e.event) && (e.event === 'stdout' || e.event === 'stderr')) steps.at(-1)![1] += e.data.text
  }
  return steps
}
