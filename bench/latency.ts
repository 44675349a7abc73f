import type Docker from 'dockerode'
import type { ContainerSpec } from '../demos/types'
import type { DemoEvents } from './sse-timing'
import { once } from 'node:events'
// Run click to the first stdout byte of `hello`, four ways in one alternating loop:
// the server (its container prewarmed, as the deck does when the slide opens, and cold),
// the docker CLI, and raw dockerode (create + attach + start, and attach + start of a container
// created beforehand: the floor for each server path).
import { performance } from 'node:perf_hooks'
import process from 'node:process'
import { demosById } from '../demos/catalog'
import { shellQuote } from '../demos/cli-line'
import { labelsFor } from '../shared/labels'
import { endsRun as runEnded } from '../shared/protocol'
import { createOptions, hardenedFlags, timeDocker } from './docker-cli'
import { arrival, openDemoEvents, post } from './sse-timing'
import { alternate } from './stats'

export interface LatencyResult {
  samples: Record<'serverPrewarmed' | 'serverCold' | 'cli' | 'dockerodePrecreated' | 'dockerode', number[]>
  /** The demo's CLI line exactly as on the slide (default bridge network), when it runs here. */
  literalCli?: number[]
  literalCliError?: string
  /** The hardened CLI line (the server's flags) and the line as the slide shows it. */
  cliLine: string
  slideLine: string
}

const DEMO = 'hello'

function helloStep(): { spec: ContainerSpec, cli: string } {
  const step = demosById.get(DEMO)?.steps[0]
  if (!step?.container)
    throw new Error('bench: hello is not a docker run demo')
  return { spec: step.container, cli: step.cli }
}

let seq = 0
const benchLabels = (): Record<string, string> => labelsFor(DEMO, `bench-${process.pid}-${++seq}`)

/** One run through the server: POST run, first stdout at the SSE client, then its end. */
async function viaServer(url: string, stream: DemoEvents, prewarm: boolean): Promise<number> {
  if (prewarm) {
    await post(`${url}/api/prewarm`, {
      demos: [DEMO],
    })
  }
  const first = arrival(stream, e => e.event === 'stdout')
  const t0 = performance.now()
  const { runId } = await post(`${url}/api/demos/${DEMO}/run`) as { runId: string }
  const { at, events } = await first
  if (!events.some(e => e.event === 'run' && e.data.runId === runId))
    throw new Error('bench: output of another run')
  const end = await stream.until(runEnded)
  if (end.at(-1)!.event !== 'exit')
    throw new Error(`bench: hello failed: ${JSON.stringify(end.at(-1)!.data)}`)
  return at - t0
}

async function viaDockerode(docker: Docker, spec: ContainerSpec, precreate: boolean): Promise<number> {
  const options = createOptions(spec, benchLabels())
  let container = precreate
    ? await docker.createContainer(options)
    : undefined
  const t0 = performance.now()
  container ??= await docker.createContainer(options)
  const stream = await container.attach({ stream: true, stdout: true, stderr: true }) as NodeJS.ReadableStream
  const first = once(stream, 'data')
  await container.start()
  await first
  const ms = performance.now() - t0
  stream.resume()
  await container.wait()
  await container.remove({ force: true })
  return ms
}

async function viaCli(args: string[]): Promise<number> {
  const r = await timeDocker(args)
  if (r.code !== 0 || r.bytes === 0)
    throw new Error(`docker ${args.join(' ')}: exit ${r.code}: ${r.stderr}`)
  return r.firstByteMs
}

export async function measureLatency(url: string, docker: Docker, rounds: number): Promise<LatencyResult> {
  const { spec, cli } = helloStep()
  const hardened = [
    'run',
    '--rm',
    ...hardenedFlags(spec, benchLabels()),
    spec.image,
    ...spec.cmd ?? [],
  ]
  const literal = [
    'run',
    '--rm',
    spec.image,
    ...spec.cmd ?? [],
  ]
  if (['docker', ...literal].map(shellQuote).join(' ') !== cli)
    throw new Error(`bench: the slide's line is no longer \`docker ${literal.join(' ')}\`: ${cli}`)
  const stream = await openDemoEvents(`${url}/api/demos/${DEMO}/events`)
  try {
    // An untimed first run: warms every path and leaves the stream after a run's end.
    const { runId } = await post(`${url}/api/demos/${DEMO}/run`) as { runId: string }
    await stream.until(e => e.event === 'run' && e.data.runId === runId)
    await stream.until(runEnded)
    await viaCli(hardened)
    await viaDockerode(docker, spec, false)

    let literalCliError: string | undefined
    await viaCli(literal).catch((e: unknown) => {
      literalCliError = (e as Error).message.split('\n')[0]
    })

    const variants = {
      serverPrewarmed: () => viaServer(url, stream, true),
      serverCold: () => viaServer(url, stream, false),
      cli: () => viaCli(hardened),
      dockerodePrecreated: () => viaDockerode(docker, spec, true),
      dockerode: () => viaDockerode(docker, spec, false),
    }
    // The slide's own line joins the same alternation when it runs here (it needs the default bridge).
    const all: Record<string, () => Promise<number>> = literalCliError
      ? variants
      : {
          ...variants,
          literalCli: () => viaCli(literal),
        }
    const { literalCli, ...samples } = await alternate(rounds, all) as Record<keyof typeof variants, number[]> & { literalCli?: number[] }
    return {
      samples,
      literalCli,
      literalCliError,
      cliLine: ['docker', ...hardened].map(shellQuote).join(' '),
      slideLine: cli,
    }
  }
  finally {
    stream.close()
  }
}
