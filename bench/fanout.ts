import type { BenchServer } from './server-process'
import type { DemoEvents } from './sse-timing'
// 50 SSE clients on one run of the flood demo: lines each client lost or got out of order, how far
// each lags behind the first client to get a line, and the server's memory meanwhile.
import { performance } from 'node:perf_hooks'
import { FLOOD_LINE_BYTES, FLOOD_LINES } from '../demos/catalog/stress'
import { endsRun as runEnded } from '../shared/protocol'
import { samplePeak } from './server-process'
import { openDemoEvents, post } from './sse-timing'
import { quantile } from './stats'
import { FLOOD } from './throughput'

export interface FanoutResult {
  clients: number
  /** Lines missing or out of order, summed over all clients (target 0). */
  linesLost: number
  /** How long after the first client each client got the same line: p95 and max over clients and lines. */
  lagP95Ms: number
  lagMaxMs: number
  /** Run click to the last line at the slowest client. */
  slowestMs: number
  peakRss: number
}

/** Every this many lines, a client notes when it got the line, for the lag between clients. */
const MARK_EVERY = 1000

interface ClientLog { lost: number, marks: number[], lastAt: number }

/**
 * Follows one client through the run. Lines arrive in chunks of whole runs of lines; each chunk must
 * start with the line after the last one seen and hold only whole flood lines, so checking its first
 * and last line numbers and its length finds any line lost or out of order, cheaply enough that 50
 * clients in this one process keep up with the server.
 */
async function follow(stream: DemoEvents, runId: string): Promise<ClientLog> {
  const log: ClientLog = { lost: 0, marks: [], lastAt: Number.NaN }
  const lineNo = (text: string, at: number): number => Number(text.slice(at + 5, at + 11))
  let mine = false
  let next = 1
  let partial = ''
  await stream.until((e) => {
    if (e.event === 'run')
      mine = e.data.runId === runId
    if (!mine)
      return false
    if (e.event === 'stdout') {
      const text = partial + (e.data.text as string)
      const whole = text.lastIndexOf('\n') + 1
      partial = text.slice(whole)
      const count = whole / FLOOD_LINE_BYTES
      if (count > 0) {
        const first = lineNo(text, 0)
        const last = lineNo(text, whole - FLOOD_LINE_BYTES)
        if (first !== next || last !== first + count - 1 || !Number.isInteger(count)) {
          // Something is missing or out of order in this chunk: resynchronise on its last line.
          log.lost += Math.max(1, Math.abs(last + 1 - next - Math.floor(count)))
        }
        const now = performance.now()
        for (let m = Math.ceil(next / MARK_EVERY) * MARK_EVERY; m <= last; m += MARK_EVERY) log.marks[m / MARK_EVERY] = now
        next = last + 1
        log.lastAt = now
      }
    }
    if (runEnded(e)) {
      log.lost += Math.max(0, FLOOD_LINES + 1 - next) + (partial ? 1 : 0)
      return true
    }
    return false
  })
  return log
}

export async function measureFanout(server: BenchServer, clients = 50): Promise<FanoutResult> {
  const streams = await Promise.all(Array.from({ length: clients }, () => openDemoEvents(`${server.url}/api/demos/${FLOOD}/events`)))
  try {
    await post(`${server.url}/api/prewarm`, {
      demos: [FLOOD],
    })
    const peak = samplePeak(server.rss)
    const t0 = performance.now()
    const { runId } = await post(`${server.url}/api/demos/${FLOOD}/run`) as { runId: string }
    const logs = await Promise.all(streams.map(s => follow(s, runId)))
    const peakRss = peak.stop()
    const lags: number[] = []
    for (let m = 1; m <= FLOOD_LINES / MARK_EVERY; m++) {
      const times = logs.map(l => l.marks[m]).filter((t): t is number => t !== undefined)
      const first = Math.min(...times)
      for (const t of times) lags.push(t - first)
    }
    return {
      clients,
      linesLost: logs.reduce((sum, l) => sum + l.lost, 0),
      lagP95Ms: quantile(lags, 0.95),
      lagMaxMs: Math.max(...lags),
      slowestMs: Math.max(...logs.map(l => l.lastAt)) - t0,
      peakRss,
    }
  }
  finally {
    for (const s of streams) s.close()
  }
}
