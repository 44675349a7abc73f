import type { EventReader as Reader } from '../../server/http/sse'
// The demo event streams as tests read them: typed events off the real server's SSE
// (server/http/sse.ts reads them), and what tests ask of a run's events.
import type { Sent, StreamEvents } from '../../shared/protocol'
import { openEvents as openStream } from '../../server/http/sse'
import { endsRun } from '../../shared/protocol'
import { post } from './server'

export type ReceivedEvent = Sent<StreamEvents>
export type EventReader = Reader<StreamEvents>

export function openEvents(url: string, headers: Record<string, string> = {}): Promise<EventReader> {
  return openStream<StreamEvents>(url, headers)
}

/** The run ends with `exit` or `error`. */
export const runEnded = endsRun

/** How the run ended: its `exit` event's payload (fails the test on an `error`). */
export function exitOf(events: ReceivedEvent[]): StreamEvents['exit'] {
  const last = events.at(-1)
  if (last?.event !== 'exit')
    throw new Error(`the run did not exit: ${JSON.stringify(last)}`)
  return last.data
}

export function outputOf(events: ReceivedEvent[], stream: 'stdout' | 'stderr'): string {
  return events.flatMap(e => e.event === stream
    ? [e.data.text]
    : []).join('')
}

/**
 * Starts a run of the demo and reads its events to the end. A channel replays its last run
 * first, so the events returned start at this run's own `run` event.
 */
export async function runToEnd(baseUrl: string, id: string): Promise<ReceivedEvent[]> {
  const events = await openEvents(`${baseUrl}/api/demos/${id}/events`)
  try {
    const res = await post(`${baseUrl}/api/demos/${id}/run`)
    if (res.status !== 202)
      throw new Error(`run ${id}: HTTP ${res.status} ${await res.text()}`)
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
    if (e.event === 'step')
      steps.push([e.data.cli, ''])
    else if (e.event === (stream ?? e.event) && (e.event === 'stdout' || e.event === 'stderr'))
      steps.at(-1)![1] += e.data.text
  }
  return steps
}
