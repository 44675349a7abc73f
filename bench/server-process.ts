// The standalone server (`npm run server`) as a child process, and its memory as the kernel sees it.
import { readFileSync } from 'node:fs'
import type { ServerProcess } from '../tests/support/process'
import { spawnServer } from '../tests/support/process'

export interface BenchServer extends ServerProcess {
  /** Resident memory of the process that runs server/index.ts, in bytes. */
  rss: () => number
  stop: () => Promise<void>
}

/** tsx runs the script in a child node process of its own: the server is the one that is not tsx's CLI. */
function serverPid(launcher: number): number {
  let pid = launcher
  for (let depth = 0; depth < 3; depth++) {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
    const node = children.find(c => readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('server/index.ts'))
    if (node === undefined) return pid
    pid = node
  }
  return pid
}

export function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`)
  return Number(kb) * 1024
}

export async function startBenchServer(): Promise<BenchServer> {
  const server = await spawnServer()
  const pid = serverPid(server.child.pid!)
  return {
    ...server,
    rss: () => rssOf(pid),
    stop: async () => { await server.signal('SIGTERM') },
  }
}

/** Samples a value every `everyMs` until stopped; resolves the highest seen. */
export function samplePeak(read: () => number, everyMs = 20): { stop: () => number } {
  let peak = read()
  const timer = setInterval(() => { peak = Math.max(peak, read()) }, everyMs)
  return {
    stop: () => {
      clearInterval(timer)
      return Math.max(peak, read())
    },
  }
}
