import type { BenchResults } from './report'
// `npm run bench [-- --export] [--rounds N] [--clients N] [--followers N] [--flood-slide-rounds N] [--no-deck]`: measures the live path
// against the docker CLI and raw dockerode, side by side in one run, and writes BENCHMARKS.md.
import { writeFile } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { resolve } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { countManaged } from '../server/engine/cleanup'
import { createDocker, engineHealth } from '../server/engine/client'
import { timeBuild, timeExport } from './deck'
import { measureFanout } from './fanout'
import { measureFollowers } from './followers'
import { measureLatency } from './latency'
import { describeMachine } from './machine'
import { measureRehearsal } from './rehearsal'
import { renderReport } from './report'
import { measureResponsiveness } from './responsiveness'
import { startBenchServer } from './server-process'
import { measureThroughput } from './throughput'

const ROOT = resolve(import.meta.dirname, '..')

const { values } = parseArgs({
  options: {
    'rounds': { type: 'string', default: '9' },
    'flood-rounds': { type: 'string', default: '5' },
    'clients': { type: 'string', default: '50' },
    'followers': { type: 'string', default: '3000' },
    'flood-slide-rounds': { type: 'string', default: '5' },
    'export': { type: 'boolean', default: false },
    'no-deck': { type: 'boolean', default: false },
    'out': {
      type: 'string',
      default: resolve(ROOT, 'BENCHMARKS.md'),
    },
  },
})
const rounds = Math.max(7, Number(values.rounds))
function log(text: string): void {
  console.log(`[bench] ${text}`)
}

async function main(): Promise<void> {
  const startedAt = new Date()
  const docker = createDocker()
  const health = await engineHealth(docker)
  if (!health.reachable)
    throw new Error(`no Docker engine: ${health.error}`)
  const machine = await describeMachine(docker)

  log('starting the standalone server')
  const server = await startBenchServer()
  let results: Omit<BenchResults, 'deck' | 'loadAtEnd' | 'leftovers'>
  try {
    const rest = server.rss()
    log(`latency: hello, ${rounds} rounds`)
    const latency = await measureLatency(server.url, docker, rounds)
    log('throughput: flood')
    const throughput = await measureThroughput(server, Math.max(3, Number(values['flood-rounds'])))
    log(`fan-out: ${values.clients} clients`)
    const fanout = await measureFanout(server, Number(values.clients))
    log(`rehearsal: hello, ${rounds} rounds`)
    const rehearsal = await measureRehearsal(server.url, rounds)
    results = {
      startedAt,
      args: process.argv.slice(2),
      machine,
      rounds,
      latency,
      throughput,
      fanout,
      rehearsal,
      rss: {
        rest,
        restAfter: server.rss(),
      },
    }
  }
  finally {
    await server.stop()
  }
  // A server of its own, with the audience listener: the figures above are not disturbed by 6,000 sockets.
  if (Number(values.followers) > 0) {
    log(`followers: ${values.followers} on the audience listener`)
    results.followers = await measureFollowers(Number(values.followers))
  }
  const left = await countManaged(docker)
  const leftovers = left.containers + left.networks + left.volumes === 0
    ? 'none'
    : JSON.stringify(left)

  const deck: BenchResults['deck'] = { skipped: [] }
  if (!values['no-deck']) {
    // A failing deck command is reported, not fatal: the engine numbers above are already measured.
    const failed = (what: string) => (err: unknown): undefined => {
      deck.skipped.push(`${what} failed: ${(err as Error).message.split('\n').find(l => /error|timeout/i.test(l)) ?? (err as Error).message.split('\n')[0]}`)
      return undefined
    }
    const slideRounds = Math.max(3, Number(values['flood-slide-rounds']))
    log(`deck: the flood slide in Chromium, ${slideRounds} rounds`)
    deck.responsiveness = await measureResponsiveness(slideRounds).catch(failed('the flood slide'))
    log('deck: slidev build')
    deck.build = await timeBuild().catch(failed('`slidev build`'))
    if (values.export) {
      log('deck: npm run export')
      deck.export = await timeExport().catch(failed('`npm run export`'))
    }
  }
  const report = renderReport({
    ...results,
    deck,
    loadAtEnd: loadavg()[0]!,
    leftovers,
  })
  await writeFile(values.out, report)
  console.log(report)
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err)
  process.exit(1)
})
