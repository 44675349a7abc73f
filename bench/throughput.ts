import type { Buffer } from 'node:buffer'
import type { ContainerSpec } from '../demos/types'
import type { BenchServer } from './server-process'
import type { DemoEvents } from './sse-timing'
// The 10 MB flood demo: Run click to the last byte at an SSE client, against the docker CLI on
// the same container configuration (`docker start` + `docker logs --follow` until it ends), and
// `docker logs` of that container once it has exited (reading the whole log back).
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import process from 'node:process'
import { demosById } from '../demos/catalog'
import { FLOOD_LINE_BYTES, FLOOD_LINES } from '../demos/catalog/stress'
import { labelsFor } from '../shared/labels'
import { endsRun as runEnded } from '../shared/protocol'
import { hardenedFlags, timeDocker } from './docker-cli'
import { samplePeak } from './server-process'
import { openDemoEvents, post } from './sse-timing'
import { alternate } from './stats'

export const FLOOD = 'flood'
export const FLOOD_BYTES = FLOOD_LINES * FLOOD_LINE_BYTES

export interface ThroughputResult {
  samples: Record<'server' | 'cliFollow' | 'cliLogs', number[]>
  /** Highest server RSS seen during the server runs, in bytes. */
  peakRss: number
}

function floodSpec(): ContainerSpec {
  const spec = demosById.get(FLOOD)?.steps[0]?.container
  if (!spec)
    throw new Error('bench: flood is not a docker run demo')
  return spec
}

/** Reads one run's events to its end, counting stdout; returns when the last output arrived. */
export async function lastByteAt(stream: DemoEvents, runId?: string): Promise<{ at: number, bytes: number }> {
  let at = Number.NaN
  let bytes = 0
  let mine = runId === undefined
  await stream.until((e) => {
    if (e.event === 'run')
      mine = runId === undefined || e.data.runId === runId
    if (mine && e.event === 'stdout') {
      bytes += e.data.text.length
      at = performance.now()
    }
    return mine && runEnded(e)
  })
  return { at, bytes }
}

async function viaServer(server: BenchServer, stream: DemoEvents): Promise<number> {
  await post(`${server.url}/api/prewarm`, {
    demos: [FLOOD],
  })
  const t0 = performance.now()
  const ended = lastByteAt(stream)
  await post(`${server.url}/api/demos/${FLOOD}/run`)
  const { at, bytes } = await ended
  if (bytes !== FLOOD_BYTES)
    throw new Error(`bench: the SSE client got ${bytes} of ${FLOOD_BYTES} bytes`)
  return at - t0
}

function docker(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
    })
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString()
    })
    child.on('error', reject)
    child.on('close', code => code === 0
      ? resolve(out.trim())
      : reject(new Error(`docker ${args[0]}: ${out}`)))
  })
}

let seq = 0

/** `docker start` then `docker logs --follow` of a container created beforehand (as prewarm does). */
async function viaCli(spec: ContainerSpec, result: { logsMs?: number }): Promise<number> {
  const id = await docker([
    'create',
    ...hardenedFlags(spec, labelsFor(FLOOD, `bench-${process.pid}-${++seq}`)),
    spec.image,
    ...spec.cmd ?? [],
  ])
  try {
    const t0 = performance.now()
    await docker(['start', id])
    const followFrom = performance.now()
    const follow = await timeDocker(['logs', '--follow', id])
    if (follow.bytes !== FLOOD_BYTES)
      throw new Error(`bench: docker logs --follow gave ${follow.bytes} bytes`)
    const ms = followFrom + follow.lastByteMs - t0
    const logs = await timeDocker(['logs', id])
    if (logs.bytes !== FLOOD_BYTES)
      throw new Error(`bench: docker logs gave ${logs.bytes} bytes`)
    result.logsMs = logs.lastByteMs
    return ms
  }
  finally {
    await docker(['rm', '-f', id])
  }
}

export async function measureThroughput(server: BenchServer, rounds: number): Promise<ThroughputResult> {
  const spec = floodSpec()
  const stream = await openDemoEvents(`${server.url}/api/demos/${FLOOD}/events`)
  const logs: number[] = []
  try {
    // Untimed first run; leaves the stream after a run's end.
    const { runId } = await post(`${server.url}/api/demos/${FLOOD}/run`) as { runId: string }
    await lastByteAt(stream, runId)
    // Sampled throughout; between server runs the server idles, so the peak is a server run's.
    const peak = samplePeak(server.rss)
    const samples = await alternate(rounds, {
      server: () => viaServer(server, stream),
      cliFollow: async () => {
        const out: { logsMs?: number } = {}
        const ms = await viaCli(spec, out)
        logs.push(out.logsMs!)
        return ms
      },
    })
    return {
      samples: { ...samples, cliLogs: logs },
      peakRss: peak.stop(),
    }
  }
  finally {
    stream.close()
  }
}
