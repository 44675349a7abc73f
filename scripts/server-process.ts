import type { Buffer } from 'node:buffer'
import type { ChildProcess } from 'node:child_process'
import type { AddressInfo } from 'node:net'
// Runs the standalone server (`npm run server`, `npm start`) as a child process, as a speaker would:
// for the tests and the bench alike.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import process from 'node:process'
import { stripVTControlCharacters } from 'node:util'
import { PROJECT_ROOT } from '../shared/paths'

const ROOT = PROJECT_ROOT

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  server.close()
  await once(server, 'close')
  return port
}

export interface ServerProcess {
  url: string
  child: ChildProcess
  output: () => string
  /** Sends the signal and resolves with the exit code once the process is gone. */
  signal: (sig: NodeJS.Signals) => Promise<number | null>
  /** Resident memory of the server process, in bytes. */
  rss: () => number
}

export function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  if (!kb)
    throw new Error(`no VmRSS for pid ${pid}`)
  return Number(kb) * 1024
}

/** Samples a value every `everyMs` until stopped, which returns the highest seen. */
export function samplePeak(read: () => number, everyMs = 20): { stop: () => number } {
  let peak = read()
  const timer = setInterval(() => {
    peak = Math.max(peak, read())
  }, everyMs)
  return {
    stop: () => {
      clearInterval(timer)
      return Math.max(peak, read())
    },
  }
}

/**
 * `npm run server` or `npm start` word for word (package.json: scripts/node.sh, which execs the
 * project's Node, its flags included): what a speaker runs.
 */
function serverCommand(script: 'server' | 'start'): string[] {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  return pkg.scripts[script]!.split(/\s+/)
}

/** `npm run server` (the API), or with `start` `npm start` (the built deck and the API on one origin). */
export async function spawnServer(env: Record<string, string> = {}, script: 'server' | 'start' = 'server'): Promise<ServerProcess> {
  const port = await freePort()
  const [bin, ...command] = serverCommand(script)
  const child = spawn(bin === 'bash'
    ? 'bash'
    : resolve(ROOT, 'node_modules/.bin', bin!), command, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  await new Promise<void>((resolveReady, reject) => {
    const onData = (chunk: Buffer): void => {
      log += stripVTControlCharacters(chunk.toString())
      if (log.includes(`http://127.0.0.1:${port}`))
        resolveReady()
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', code => reject(new Error(`server exited (${code}) before it was ready:\n${log}`)))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => log,
    // /proc is Linux only, and only memory checks need it.
    rss: () => rssOf(child.pid!),
    signal: async (sig) => {
      const exited = once(child, 'exit') as Promise<[number | null]>
      child.kill(sig)
      return (await exited)[0]
    },
  }
}
