// Runs the standalone server (`npm run server`) as a child process, as a speaker would.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { freePort } from './deck'

const ROOT = resolve(import.meta.dirname, '../..')

export interface ServerProcess {
  url: string
  child: ChildProcess
  output: () => string
  /** Sends the signal and resolves with the exit code once the process is gone. */
  signal: (sig: NodeJS.Signals) => Promise<number | null>
}

export async function spawnServer(env: Record<string, string> = {}, args: string[] = []): Promise<ServerProcess> {
  const port = await freePort()
  const child = spawn(resolve(ROOT, 'node_modules/.bin/tsx'), ['server/index.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  await new Promise<void>((resolveReady, reject) => {
    const onData = (chunk: Buffer): void => {
      log += stripVTControlCharacters(chunk.toString())
      if (log.includes(`http://127.0.0.1:${port}`)) resolveReady()
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', code => reject(new Error(`server exited (${code}) before it was ready:\n${log}`)))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => log,
    signal: async (sig) => {
      const exited = once(child, 'exit') as Promise<[number | null]>
      child.kill(sig)
      return (await exited)[0]
    },
  }
}
