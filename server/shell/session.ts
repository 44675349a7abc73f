import type Docker from 'dockerode'
import type { Buffer } from 'node:buffer'
import type { Duplex } from 'node:stream'
import type { ShellRecording } from '../../demos/shell-recording'
import type { ShellDef } from '../../demos/types'
import type { TerminalServerMessage, TerminalState } from '../../shared/protocol'
// One interactive shell: a hardened, labelled container with a shell started in it by
// `docker exec` with a TTY. Its output goes on a feed of the broadcast core to every window that
// watches it (its bounded history for windows that join late); its container is removed however the session ends. With no
// engine, the session recorded by `npm run record` plays instead, to every window alike.
import { randomUUID } from 'node:crypto'
import { StringDecoder } from 'node:string_decoder'
import { parseShellRecording } from '../../demos/shell-recording'
import { Feed } from '../broadcast/feed'
import { describeEngineError, isEngineDown } from '../engine/client'
import { createLabelledContainer, engineName, imageMissingMessage, isImageMissing } from '../engine/containers'
import { errorMessage, statusOf } from '../engine/io'
import { readRecording } from '../runs/replay'

const HISTORY_CHARS = 256 * 1024
const DEFAULT_IDLE_SEC = 300
export const DEFAULT_SIZE = { cols: 80, rows: 24 }

/** A shell's messages as a feed's events: each message under its own type. */
export type ShellEvents = { [K in TerminalServerMessage['type']]: Extract<TerminalServerMessage, { type: K }> }
export type LoadShellRecording = (id: string) => Promise<ShellRecording | undefined>

export async function loadShellRecording(id: string): Promise<ShellRecording | undefined> {
  const json = await readRecording(id, 'shells')
  return json === undefined
    ? undefined
    : parseShellRecording(json, `shell recording of ${id}`)
}

export class ShellSession {
  state: TerminalState = 'idle'
  stateAt = Date.now()
  message?: string
  size = { ...DEFAULT_SIZE }
  /**
   * The state and size (the latest of each) and the output of the current (or last) session,
   * oldest output cut first: what a window that connects now needs to show it as everyone sees it.
   */
  readonly feed = new Feed<ShellEvents>({
    maxBytes: HISTORY_CHARS,
    sizeOf: m => m.event === 'output'
      ? m.data.data.length
      : 0,
    // The state and the size are only ever the latest (a late joiner's screen is reset by terminal.ts).
    keyOf: m => m.event === 'state' || m.event === 'size'
      ? m.event
      : undefined,
  })

  /** Input and TTY resizes, applied in the order they came. */
  private ttyOrder: Promise<void> = Promise.resolve()
  /** The run label of the session's container while it exists. */
  runId?: string
  private container?: Docker.Container
  private exec?: Docker.Exec
  private stream?: Duplex
  private idleTimer?: NodeJS.Timeout
  private ending?: Promise<void>
  /** While the recorded session plays (no engine): when it was made, and its output's timers. */
  private recordedAt?: string
  /** The engine that made the recording (its version), named on the replay's label. */
  private recordedOn?: string
  private replayTimers: NodeJS.Timeout[] = []

  constructor(
    private readonly docker: Docker,
    readonly def: ShellDef,
    private readonly idleSec = def.idleTimeoutSec ?? DEFAULT_IDLE_SEC,
    private readonly recordings: LoadShellRecording = loadShellRecording,
  ) {
    this.setState('idle', undefined, true)
  }

  async start(): Promise<void> {
    if (this.ending)
      await this.ending
    // Checked and set in one synchronous stretch: two clicks cannot start two containers.
    if (this.state === 'starting' || this.state === 'running')
      return
    const sessionId = randomUUID()
    this.runId = sessionId
    this.recordedAt = undefined
    this.recordedOn = undefined
    this.setState('starting', undefined, true)
    try {
      const container = await createLabelledContainer(this.docker, this.def.container, { demo: this.def.id, run: sessionId }, {
        name: engineName(this.def.id, sessionId),
      })
      this.container = container
      await container.start()
      const exec = await container.exec({
        Cmd: this.def.shell,
        WorkingDir: this.def.workdir,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: true,
        ConsoleSize: [this.size.rows, this.size.cols],
      } as Docker.ExecCreateOptions)
      const stream = await exec.start({ hijack: true, stdin: true, Tty: true })
      this.exec = exec
      this.stream = stream
      const decoder = new StringDecoder('utf8')
      stream.on('data', (chunk: Buffer) => this.output(decoder.write(chunk)))
      stream.on('error', () => {})
      stream.on('close', () => void this.end('the shell exited'))
      this.setState('running')
      this.touch()
      await this.applySize()
    }
    catch (err) {
      const recording = isEngineDown(err) && !this.container
        ? await this.recordings(this.def.id).catch(() => undefined)
        : undefined
      if (recording)
        return this.replay(recording)
      const message = isEngineDown(err)
        ? describeEngineError(err)
        : isImageMissing(err) && !this.container
          ? imageMissingMessage(this.def.container.image)
          : errorMessage(err)
      await this.end(`could not start the shell: ${message}`)
      throw new Error(message)
    }
  }

  input(data: string): void {
    if (this.state !== 'running' || !this.stream)
      return
    // Keys typed after a resize reach the shell once the TTY has its new size (`stty size` sees it).
    this.ttyOrder = this.ttyOrder.then(() => {
      this.stream?.write(data)
    })
    this.touch()
  }

  async resize(cols: number, rows: number): Promise<void> {
    // A recording plays in the grid it was made in.
    if ((cols === this.size.cols && rows === this.size.rows) || this.replayTimers.length)
      return
    this.size = { cols, rows }
    this.broadcast({ type: 'size', cols, rows })
    await (this.ttyOrder = this.ttyOrder.then(() => this.applySize()))
  }

  /** Ends the session and removes its container; safe to call more than once. */
  end(reason: string): Promise<void> {
    if (this.state === 'idle' || this.state === 'ended')
      return this.ending ?? Promise.resolve()
    return (this.ending ??= (async () => {
      clearTimeout(this.idleTimer)
      this.replayTimers.forEach(clearTimeout)
      this.replayTimers = []
      const container = this.container
      this.stream?.destroy()
      this.stream = undefined
      this.exec = undefined
      this.container = undefined
      try {
        await container?.remove({ force: true, v: true })
      }
      catch (err) {
        // Already gone (404) or going (409), or the engine is down: the runtime's sweep removes it later.
        const status = statusOf(err)
        if (status !== 404 && status !== 409)
          console.warn(`[docker-talk] could not remove the ${this.def.id} shell container:`, (err as Error).message)
      }
      this.runId = undefined
      this.setState('ended', reason)
      this.ending = undefined
    })())
  }

  /** Plays the recorded session at its pace, in its grid, to every window; it ends where the recording does. */
  private replay(recording: ShellRecording): void {
    this.runId = undefined
    this.recordedAt = recording.recordedAt
    this.recordedOn = recording.engine.version
    this.setState('running')
    this.size = { cols: recording.cols, rows: recording.rows }
    this.broadcast({ type: 'size', ...this.size })
    this.replayTimers = recording.events.map(e => setTimeout(() => this.output(e.data), e.t))
    this.replayTimers.push(setTimeout(() => void this.end('end of the recording'), recording.durationMs))
  }

  private output(text: string): void {
    if (!text)
      return
    this.broadcast({ type: 'output', data: text })
    this.touch()
  }

  private async applySize(): Promise<void> {
    if (this.state !== 'running' || !this.exec)
      return
    await this.exec.resize({ h: this.size.rows, w: this.size.cols }).catch(() => {})
  }

  /** Input or output keeps the session alive; silence for `idleSec` ends it. */
  private touch(): void {
    clearTimeout(this.idleTimer)
    this.idleTimer = setTimeout(() => void this.end(`idle for ${this.idleSec} s`), this.idleSec * 1000)
  }

  private setState(state: TerminalState, message?: string, reset = false): void {
    this.state = state
    this.stateAt = Date.now()
    this.message = message
    this.broadcast({
      ...this.stateMessage(),
      ...(reset
        ? { reset }
        : {}),
    })
  }

  /** A `state` with `reset` begins the history anew: a late joiner clears its screen from it. */
  private broadcast(message: TerminalServerMessage): void {
    if (message.type === 'state' && message.reset) {
      this.feed.begin(message.type, message)
      this.feed.publish('size', { type: 'size', ...this.size })
    }
    else {
      this.feed.publish(message.type, message as never)
    }
  }

  stateMessage(): Extract<TerminalServerMessage, { type: 'state' }> {
    const { state, stateAt: at, message, recordedAt, recordedOn } = this
    return {
      type: 'state',
      state,
      at,
      ...(message
        ? { message }
        : {}),
      ...(recordedAt
        ? { recordedAt, recordedOn }
        : {}),
    }
  }
}
