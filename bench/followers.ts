import type { ServerProcess } from '../scripts/server-process'
// 3,000 audience followers on the audience listener, in client processes of their own (bounded in
// count and in time), while the presenter moves through slides and runs a demo: every line of the
// run and every slide change must reach every follower. Lag is each arrival behind the presenter's
// window: for a line, behind a client like the followers' on the presenter's side (the API port);
// for a slide, behind the presenter's post.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import process from 'node:process'
import { createInterface } from 'node:readline'
import { samplePeak, spawnServer } from '../scripts/server-process'
import { openDemoEvents, post } from './sse-timing'
import { quantile } from './stats'

export interface FollowersResult {
  followers: number
  processes: number
  /** Output events of the run (the server coalesces lines that come together into one). */
  lines: number
  slides: number
  /** Lines and slide changes some follower did not get (target 0). */
  missed: number
  lineLagP50Ms: number
  lineLagP95Ms: number
  slideLagP50Ms: number
  slideLagP95Ms: number
  /** The server's RSS with every follower connected, and its peak during the run. */
  connectedRss: number
  peakRss: number
}

const DEMO = 'ticker'
const LINES = 15
const SLIDES = 10
const SLIDE_EVERY_MS = 300
const DEADLINE_MS = 120_000
const now = (): number => performance.timeOrigin + performance.now()

interface ClientReport { followers: { lines: Record<string, number>, slides: Record<string, number> }[] }

/** A stand-in for the audience's deck: the streams are what is measured, not the deck's files. */
function standInDeck(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-audience-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>deck</title>')
  return dir
}

/** Client processes of `counts[p]` followers each, process p from addresses 127.<first + p>.0.x. */
function startClients(base: string, counts: number[], first: number, deadline: number): { ready: Promise<void>, reports: Promise<ClientReport[]> } {
  const children = counts.map((count, p) => spawn(process.execPath, [
    resolve(import.meta.dirname, 'follower-client.ts'),
    base,
    String(count),
    DEMO,
    String(SLIDES),
    String(deadline),
    `127.${first + p}.0`,
  ], {
    stdio: ['ignore', 'pipe', 'inherit'],
  }))
  const lines = children.map(c => createInterface({ input: c.stdout! })[Symbol.asyncIterator]())
  const next = async (i: number): Promise<string> => {
    const { value, done } = await lines[i]!.next()
    if (done)
      throw new Error(`follower process ${i} ended early`)
    return value as string
  }
  const ready = Promise.all(children.map(async (_, i) => {
    if (await next(i) !== 'ready')
      throw new Error('follower process not ready')
  })).then(() => {})
  const reports = ready.then(() => Promise.all(children.map(async (_, i) => JSON.parse(await next(i)) as ClientReport)))
  return { ready, reports }
}

export async function measureFollowers(followers = 3000, processes = 6): Promise<FollowersResult> {
  const deckDir = standInDeck()
  const server: ServerProcess = await spawnServer({
    TALK_AUDIENCE: '1',
    TALK_AUDIENCE_DECK_DIR: deckDir,
    AUDIENCE_PORT: '0',
    AUDIENCE_HOST: '127.0.0.1',
    // Two streams a follower: the hall's total is raised; each address stays within its own limit.
    TALK_MAX_VIEWERS: String(2 * followers + 100),
  })
  let peak: { stop: () => number } | undefined
  try {
    const audience = await new Promise<string>((resolve, reject) => {
      const check = (): void => {
        const m = server.output().match(/audience: share (http:\/\/127\.0\.0\.1:\d+)\//)
        if (m)
          resolve(m[1]!)
        else if (server.child.exitCode !== null)
          reject(new Error(server.output()))
      }
      server.child.stdout!.on('data', check)
      check()
    })
    await post(`${server.url}/api/position`, { slide: 1, click: 0 })
    const each = Math.ceil(followers / processes)
    const deadline = Date.now() + DEADLINE_MS
    const clients = startClients(audience, Array.from({ length: processes }, (_, p) => Math.min(each, followers - p * each)), 10, deadline)
    // The presenter's window: a client process like the followers', on the API (the dev server's side).
    const presenterWindow = startClients(server.url, [1], 9, deadline)
    await Promise.all([clients.ready, presenterWindow.ready])
    const connectedRss = server.rss()
    peak = samplePeak(server.rss)
    // The presenter: its slide changes, and a stream of the demo to know when to stop it.
    const presenter = await openDemoEvents(`${server.url}/api/demos/${DEMO}/events`)
    const slideAt: Record<string, number> = {}
    await post(`${server.url}/api/demos/${DEMO}/run`)
    const slidesDone = (async () => {
      for (let slide = 2; slide < 2 + SLIDES; slide++) {
        slideAt[slide] = now()
        await post(`${server.url}/api/position`, { slide, click: 0 })
        await new Promise(r => setTimeout(r, SLIDE_EVERY_MS))
      }
    })()
    let seen = 0
    let stopping = false
    await presenter.until((e) => {
      if (e.event === 'stdout' || e.event === 'stderr') {
        if (++seen === LINES && !stopping) {
          stopping = true
          void post(`${server.url}/api/demos/${DEMO}/stop`)
        }
      }
      return e.event === 'exit' || e.event === 'error'
    })
    presenter.close()
    await slidesDone
    const reports = await clients.reports
    const lineAt = (await presenterWindow.reports)[0]!.followers[0]!.lines
    const peakRss = peak.stop()
    const all = reports.flatMap(r => r.followers)
    const lineLags: number[] = []
    const slideLags: number[] = []
    let missed = 0
    for (const f of all) {
      for (const [id, at] of Object.entries(lineAt)) {
        if (f.lines[id] === undefined)
          missed++
        else lineLags.push(f.lines[id] - at)
      }
      for (const [slide, at] of Object.entries(slideAt)) {
        if (f.slides[slide] === undefined)
          missed++
        else slideLags.push(f.slides[slide] - at)
      }
    }
    missed += (followers - all.length) * (Object.keys(lineAt).length + SLIDES)
    return {
      followers,
      processes,
      lines: Object.keys(lineAt).length,
      slides: SLIDES,
      missed,
      lineLagP50Ms: quantile(lineLags, 0.5),
      lineLagP95Ms: quantile(lineLags, 0.95),
      slideLagP50Ms: quantile(slideLags, 0.5),
      slideLagP95Ms: quantile(slideLags, 0.95),
      connectedRss,
      peakRss,
    }
  }
  catch (err) {
    throw new Error(`${(err as Error).message}\nserver output:\n${server.output().slice(-3000)}`)
  }
  finally {
    if (server.child.exitCode === null) {
      peak?.stop()
      await server.signal('SIGTERM')
    }
    rmSync(deckDir, { recursive: true, force: true })
  }
}

// `tsx bench/followers.ts [followers] [processes]`: this part alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  // eslint-disable-next-line antfu/no-top-level-await -- the program's entry point when run alone
  const r = await measureFollowers(Number(process.argv[2] ?? 3000), Number(process.argv[3] ?? 6))
  console.log(JSON.stringify(r, null, 2))
  process.exit(0)
}
