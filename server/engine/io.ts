import type Docker from 'dockerode'
import type { ExitInfo, LogOptions } from '../../demos/types'
import { Readable } from 'node:stream'
// Engine I/O shared by the steps of a run: a container's multiplexed output as text, waiting for an
// exit, logs, exec, and reading the status an engine error carries.
import { finished } from 'node:stream/promises'
import { StringDecoder } from 'node:string_decoder'
import { frameSplitter } from './frames'

export type TextSink = (stream: 'stdout' | 'stderr', text: string) => void

/** The HTTP status of an engine API error; socket errors have none. */
export function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number }).statusCode
}

/**
 * A catch handler that accepts the listed answers and rethrows anything else: 304 already stopped,
 * 404 already gone, 409 removal already in progress.
 */
export function unless(...statuses: number[]): (err: unknown) => void {
  return (err) => {
    if (!statuses.includes(statusOf(err) ?? -1))
      throw err
  }
}

/** The engine's own message (its JSON body) where there is one. */
export function errorMessage(err: unknown): string {
  const e = err as { json?: { message?: string }, message?: string }
  return e.json?.message ?? e.message ?? String(err)
}

/** Splits the engine's multiplexed stream and hands each chunk on as it arrives, UTF-8 kept whole. */
export function demux(stream: NodeJS.ReadableStream, write: TextSink, signal: AbortSignal): Promise<void> {
  const decoders = {
    stdout: new StringDecoder('utf8'),
    stderr: new StringDecoder('utf8'),
  }
  stream.on('data', frameSplitter((name, payload) => {
    const text = decoders[name].write(payload)
    if (text)
      write(name, text)
  }))
  return finished(stream as Readable, { writable: false }).catch((e: unknown) => {
    // A stream destroyed by our own stop is not an error; a broken engine connection is.
    if (!signal.aborted)
      throw e
  })
}

/** Waits for exit; an abort kills the container, which ends the wait. */
export async function waitForExit(container: Docker.Container, signal: AbortSignal): Promise<ExitInfo> {
  const kill = (): void => {
    container.kill().catch(() => {})
  }
  if (signal.aborted)
    kill()
  signal.addEventListener('abort', kill, { once: true })
  try {
    const { StatusCode } = await container.wait() as { StatusCode: number }
    const state = await container.inspect()
    return { code: StatusCode, oomKilled: state.State.OOMKilled }
  }
  finally {
    signal.removeEventListener('abort', kill)
  }
}

/** `docker logs`, or `timeout N docker logs -f`: followed until the container exits, `forSec` passes or the run stops. */
export async function readLogs(container: Docker.Container, opts: LogOptions, write: TextSink, signal: AbortSignal): Promise<void> {
  if (!opts.follow) {
    const buffer = await container.logs({ follow: false, stdout: true, stderr: true })
    return demux(Readable.from([buffer]), write, signal)
  }
  const stream = await container.logs({ follow: true, stdout: true, stderr: true }) as Readable
  // Detaching from a followed log is how `timeout N docker logs -f` ends: not an error.
  let detached = false
  const detach = (): void => {
    detached = true
    stream.destroy()
  }
  const timer = opts.forSec
    ? setTimeout(detach, opts.forSec * 1000)
    : undefined
  signal.addEventListener('abort', detach, { once: true })
  try {
    await demux(stream, write, signal).catch((e: unknown) => {
      if (!detached)
        throw e
    })
  }
  finally {
    clearTimeout(timer)
    signal.removeEventListener('abort', detach)
  }
}

/** `docker exec` without a TTY: its output demuxed, its exit code from the exec's inspect. */
export async function execIn(container: Docker.Container, cmd: string[], write: TextSink, signal: AbortSignal): Promise<ExitInfo> {
  const exec = await container.exec({
    Cmd: cmd,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  })
  const stream = await exec.start({ hijack: true, stdin: false })
  await demux(stream, write, signal)
  const info = await exec.inspect()
  return { code: info.ExitCode ?? 0, oomKilled: false }
}
