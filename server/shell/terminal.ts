import type Docker from 'dockerode'
// The shared shell sessions behind <ContainerTerminal>. Every window showing the slide joins the same
// session (the upgrade is server/http/terminal-upgrade.ts); the server decides which of them may type:
// - the presenter window (/presenter/...) controls,
// - a plain deck window controls only while no presenter window is connected,
// - a window on another machine (`slidev --remote`, the audience listener) only watches unless it
//   gives the presenter secret.
// Each window is a viewer of the session's feed (server/broadcast/): admitted, and cut when it
// stalls, in the one place every stream is.
import type { IncomingMessage } from 'node:http'
import type { ShellDef } from '../../demos/types'
import type { Sent, TerminalClientMessage, TerminalHello, TerminalRole, TerminalServerMessage } from '../../shared/protocol'
import type { Sink, Viewer } from '../broadcast/viewer'
import type { Guard } from '../http/guard'
import type { Viewers } from '../http/viewers'
import type { Refusal } from '../refusal'
import type { LoadShellRecording, ShellEvents } from './session'
import { attachViewer } from '../broadcast/viewer'
import { refuse } from '../refusal'
import { ShellSession } from './session'

const MAX_COLS = 500
const MAX_ROWS = 200

export type ShellMessage = Sent<ShellEvents>

/** A window's socket as the edge (server/http/terminal-upgrade.ts) offers it. */
export interface ShellPort {
  sink: Sink<ShellMessage>
  /** Each text message the window sends; undefined for a binary one. */
  onMessage: (callback: (text: string | undefined) => void) => void
  close: (code: number, reason: string) => void
}

interface Client {
  port: ShellPort
  viewer: Viewer<ShellMessage>
  view?: TerminalHello['view']
  /** Loopback, or gave the presenter secret: allowed to control when its view is chosen. */
  trusted: boolean
  role: TerminalRole
  reason?: string
}

export interface TerminalServerOptions {
  docker: Docker
  guard: Guard
  /** Shell sockets count with event streams against the viewer limits. */
  viewers: Viewers
  sessions: ReadonlyMap<string, ShellDef>
  /** Overrides every session's idle timeout (tests). */
  idleTimeoutSec?: number
  /** Where a session's recording comes from when no engine answers (tests give their own). */
  recordings?: LoadShellRecording
}

export interface TerminalServer {
  /** The shell session a terminal id names, or why there is none. */
  find: (id: string) => ShellDef | Refusal
  /** Joins a window's open socket to the session, or closes it with 1013 beyond the viewer limits. */
  join: (port: ShellPort, req: IncomingMessage, def: ShellDef) => void
  session: (id: string) => ShellSession | undefined
  /** Run labels of the sessions whose containers exist now. */
  liveRunIds: () => string[]
  /** Ends every session and closes every socket. */
  shutdown: () => Promise<void>
}

export function createTerminalServer(options: TerminalServerOptions): TerminalServer {
  const live = new Map<string, { session: ShellSession, clients: Set<Client> }>()
  const reqOf = new WeakMap<Client, IncomingMessage>()

  function entry(def: ShellDef) {
    let e = live.get(def.id)
    if (!e) {
      const clients = new Set<Client>()
      const session = new ShellSession(options.docker, def, options.idleTimeoutSec, options.recordings)
      e = { session, clients }
      live.set(def.id, e)
    }
    return e
  }

  function assignRoles(clients: Set<Client>, asker?: Client): void {
    const presenterHere = [...clients].some(c => c.trusted && c.view === 'presenter')
    for (const c of clients) {
      let role: TerminalRole = 'watch'
      let reason: string
      if (!c.view) {
        reason = 'connecting'
      }
      else if (!c.trusted) {
        reason = 'view only: another machine without the presenter secret'
      }
      else if (c.view === 'presenter') {
        role = 'control'
        reason = 'presenter window'
      }
      else if (presenterHere) {
        reason = 'view only: the presenter window controls this shell'
      }
      else {
        role = 'control'
        reason = 'no presenter window is connected'
      }
      // Only windows whose role changed hear of it: one window's hello is no message to all.
      const changed = c.role !== role || c.reason !== reason
      c.role = role
      c.reason = reason
      if (c.view && (changed || c === asker))
        sendOne(c, { type: 'role', role, reason })
    }
  }

  function onMessage(client: Client, clients: Set<Client>, session: ShellSession, raw: string): void {
    let msg: TerminalClientMessage
    try {
      msg = JSON.parse(raw) as TerminalClientMessage
    }
    catch { return sendOne(client, { type: 'error', error: 'malformed message' }) }
    if (typeof msg !== 'object' || msg === null)
      return sendOne(client, { type: 'error', error: 'malformed message' })
    if (msg?.type === 'hello') {
      if (msg.view !== 'presenter' && msg.view !== 'deck')
        return sendOne(client, { type: 'error', error: 'unknown view' })
      client.view = msg.view
      const authority = options.guard.authority(reqOf.get(client)!, msg.secret)
      client.trusted = authority.ok
      if (!authority.ok && authority.retryAfterSec) {
        const error = `too many wrong presenter secrets from this client; try again in ${authority.retryAfterSec} s`
        sendOne(client, { type: 'error', error, retryAfterSec: authority.retryAfterSec })
      }
      assignRoles(clients, client)
      return
    }
    if (client.role !== 'control') {
      // Watchers may send nothing else: their keys never reach the shell.
      return sendOne(client, { type: 'error', error: 'this window only watches the shell' })
    }
    switch (msg?.type) {
      case 'input':
        if (typeof msg.data === 'string')
          session.input(msg.data)
        return
      case 'resize':
        if (Number.isInteger(msg.cols) && Number.isInteger(msg.rows) && msg.cols > 1 && msg.rows > 1)
          void session.resize(Math.min(msg.cols, MAX_COLS), Math.min(msg.rows, MAX_ROWS))
        return
      case 'start':
        session.start().catch((err: unknown) => {
          for (const c of clients) sendOne(c, { type: 'error', error: (err as Error).message })
        })
        return
      case 'end':
        void session.end('ended by the presenter')
        return
      default:
        sendOne(client, { type: 'error', error: 'unknown message type' })
    }
  }

  function find(id: string): ShellDef | Refusal {
    return options.sessions.get(id) ?? refuse('unknown terminal', `unknown terminal "${id}"`)
  }

  function join(port: ShellPort, req: IncomingMessage, def: ShellDef): void {
    const { session, clients } = entry(def)
    const info = { type: 'info', id: def.id, title: def.title } as const
    const viewer = attachViewer(session.feed, port.sink, {
      viewers: options.viewers,
      client: options.guard.clientOf(req),
      what: 'shell socket',
      // Its screen starts clean (a reconnecting window's too), then the history draws it.
      start: () => {
        port.sink.send(asSent(info))
        port.sink.send(asSent({
          ...session.stateMessage(),
          reset: true,
        }))
      },
    })
    // A browser cannot read an upgrade's HTTP status; it can read a close code and reason.
    if ('refused' in viewer)
      return port.close(1013, viewer.refused.message.slice(0, 120))
    const client: Client = {
      port,
      viewer,
      trusted: false,
      role: 'watch',
    }
    reqOf.set(client, req)
    clients.add(client)
    port.onMessage((text) => {
      if (text === undefined)
        return sendOne(client, { type: 'error', error: 'binary messages are not understood' })
      // Nothing a client sends may throw out of ws (an uncaught throw there ends the process).
      try {
        onMessage(client, clients, session, text)
      }
      catch (err) {
        console.error('[docker-talk] unexpected error in a shell message:', err)
        sendOne(client, { type: 'error', error: 'internal error' })
      }
    })
    port.sink.onClose(() => {
      clients.delete(client)
      try {
        assignRoles(clients)
      }
      catch (err) { console.error('[docker-talk] unexpected error at a shell socket close:', err) }
    })
  }

  return {
    find,
    join,
    session: id => live.get(id)?.session,
    liveRunIds: () => [
      ...live.values(),
    ].flatMap(e => e.session.runId
      ? [e.session.runId]
      : []),
    shutdown: async () => {
      for (const { clients } of live.values()) {
        for (const c of clients) c.port.close(1001, 'server shutting down')
      }
      await Promise.all([
        ...live.values(),
      ].map(e => e.session.end('server shutting down')))
    },
  }
}

/** A message to one window only, as the feed's own events go (seq 0: it is no part of the history). */
function asSent(message: TerminalServerMessage): ShellMessage {
  return { seq: 0, event: message.type, data: message } as ShellMessage
}

function sendOne(client: Client, message: TerminalServerMessage): void {
  client.viewer.send(asSent(message))
}
