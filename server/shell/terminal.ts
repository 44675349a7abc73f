// The shared shell sessions behind <ContainerTerminal>. Every window showing the slide joins the same
// session (the upgrade is server/http/terminal-upgrade.ts); the server decides which of them may type:
// - the presenter window (/presenter/...) controls,
// - a plain deck window controls only while no presenter window is connected,
// - a window on another machine (`slidev --remote`) only watches unless it gives the presenter secret.
import type { IncomingMessage } from 'node:http'
import type Docker from 'dockerode'
import type { WebSocket } from 'ws'
import type { ShellDef } from '../../demos/types'
import type { TerminalClientMessage, TerminalHello, TerminalRole, TerminalServerMessage } from '../../shared/protocol'
import type { Refusal } from '../refusal'
import { refuse } from '../refusal'
import { MAX_BUFFERED_BYTES } from '../http/sse'
import type { Guard } from '../http/guard'
import type { LoadShellRecording } from './session'
import { ShellSession } from './session'

const MAX_COLS = 500
const MAX_ROWS = 200

interface Client {
  ws: WebSocket
  view?: TerminalHello['view']
  /** Loopback, or gave the presenter secret: allowed to control when its view is chosen. */
  trusted: boolean
  role: TerminalRole
  reason?: string
}

export interface TerminalServerOptions {
  docker: Docker
  guard: Guard
  sessions: ReadonlyMap<string, ShellDef>
  /** Overrides every session's idle timeout (tests). */
  idleTimeoutSec?: number
  /** Where a session's recording comes from when no engine answers (tests give their own). */
  recordings?: LoadShellRecording
}

export interface TerminalServer {
  /** The shell session a terminal id names, or why there is none. */
  find: (id: string) => ShellDef | Refusal
  /** Joins a window's open socket (its upgrade already admitted) to the session. */
  join: (ws: WebSocket, req: IncomingMessage, def: ShellDef) => void
  session: (id: string) => ShellSession | undefined
  /** Run labels of the sessions whose containers exist now. */
  liveRunIds: () => string[]
  /** Ends every session and closes every socket. */
  shutdown: () => Promise<void>
}

export function createTerminalServer(options: TerminalServerOptions): TerminalServer {
  const live = new Map<string, { session: ShellSession, clients: Set<Client> }>()
  const reqOf = new WeakMap<WebSocket, IncomingMessage>()

  function entry(def: ShellDef) {
    let e = live.get(def.id)
    if (!e) {
      const clients = new Set<Client>()
      const session = new ShellSession(options.docker, def, message => send(clients, message), options.idleTimeoutSec, options.recordings)
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
      if (!c.view) reason = 'connecting'
      else if (!c.trusted) reason = 'view only: another machine without the presenter secret'
      else if (c.view === 'presenter') { role = 'control'; reason = 'presenter window' }
      else if (presenterHere) reason = 'view only: the presenter window controls this shell'
      else { role = 'control'; reason = 'no presenter window is connected' }
      // Only windows whose role changed hear of it: one window's hello is no message to all.
      const changed = c.role !== role || c.reason !== reason
      c.role = role
      c.reason = reason
      if (c.view && (changed || c === asker)) sendOne(c.ws, { type: 'role', role, reason })
    }
  }

  function onMessage(client: Client, clients: Set<Client>, session: ShellSession, raw: string): void {
    let msg: TerminalClientMessage
    try { msg = JSON.parse(raw) as TerminalClientMessage }
    catch { return sendOne(client.ws, { type: 'error', error: 'malformed message' }) }
    if (typeof msg !== 'object' || msg === null) return sendOne(client.ws, { type: 'error', error: 'malformed message' })
    if (msg?.type === 'hello') {
      if (msg.view !== 'presenter' && msg.view !== 'deck') return sendOne(client.ws, { type: 'error', error: 'unknown view' })
      client.view = msg.view
      const authority = options.guard.authority(reqOf.get(client.ws)!, msg.secret)
      client.trusted = authority.ok
      if (!authority.ok && authority.retryAfterSec) {
        const error = `too many wrong presenter secrets from this client; try again in ${authority.retryAfterSec} s`
        sendOne(client.ws, { type: 'error', error, retryAfterSec: authority.retryAfterSec })
      }
      assignRoles(clients, client)
      return
    }
    if (client.role !== 'control') {
      // Watchers may send nothing else: their keys never reach the shell.
      return sendOne(client.ws, { type: 'error', error: 'this window only watches the shell' })
    }
    switch (msg?.type) {
      case 'input':
        if (typeof msg.data === 'string') session.input(msg.data)
        return
      case 'resize':
        if (Number.isInteger(msg.cols) && Number.isInteger(msg.rows) && msg.cols > 1 && msg.rows > 1)
          void session.resize(Math.min(msg.cols, MAX_COLS), Math.min(msg.rows, MAX_ROWS))
        return
      case 'start':
        session.start().catch((err: unknown) => send(clients, { type: 'error', error: (err as Error).message }))
        return
      case 'end':
        void session.end('ended by the presenter')
        return
      default:
        sendOne(client.ws, { type: 'error', error: 'unknown message type' })
    }
  }

  function find(id: string): ShellDef | Refusal {
    return options.sessions.get(id) ?? refuse('unknown terminal', `unknown terminal "${id}"`)
  }

  function join(ws: WebSocket, req: IncomingMessage, def: ShellDef): void {
    const { session, clients } = entry(def)
    reqOf.set(ws, req)
    const client: Client = { ws, trusted: false, role: 'watch' }
    clients.add(client)
    sendOne(ws, { type: 'info', id: def.id, title: def.title })
    for (const m of session.snapshot()) sendOne(ws, m)
    ws.on('message', (data, isBinary) => {
      if (isBinary) return sendOne(ws, { type: 'error', error: 'binary messages are not understood' })
      // Nothing a client sends may throw out of ws (an uncaught throw there ends the process).
      try { onMessage(client, clients, session, data.toString()) }
      catch (err) {
        console.error('[docker-talk] unexpected error in a shell message:', err)
        sendOne(ws, { type: 'error', error: 'internal error' })
      }
    })
    ws.on('error', () => {})
    ws.on('close', () => {
      clients.delete(client)
      try { assignRoles(clients) }
      catch (err) { console.error('[docker-talk] unexpected error at a shell socket close:', err) }
    })
  }

  return {
    find,
    join,
    session: id => live.get(id)?.session,
    liveRunIds: () => [...live.values()].flatMap(e => e.session.runId ? [e.session.runId] : []),
    shutdown: async () => {
      for (const { clients } of live.values()) for (const c of clients) c.ws.close(1001, 'server shutting down')
      await Promise.all([...live.values()].map(e => e.session.end('server shutting down')))
    },
  }
}

/** A window that cannot keep up (`yes` in the shell, a stalled tab) is cut off, not buffered without bound. */
function sendWire(ws: WebSocket, wire: string): void {
  if (ws.readyState !== ws.OPEN) return
  if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return void ws.terminate()
  ws.send(wire)
}

function sendOne(ws: WebSocket, message: TerminalServerMessage): void {
  sendWire(ws, JSON.stringify(message))
}

function send(clients: Set<Client>, message: TerminalServerMessage): void {
  const wire = JSON.stringify(message)
  for (const c of clients) sendWire(c.ws, wire)
}
