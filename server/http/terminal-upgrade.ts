import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { WebSocket } from 'ws'
import type { ShellMessage, ShellPort, TerminalServer } from '../shell/terminal'
import type { Guard } from './guard'
import { Buffer } from 'node:buffer'
// The WebSocket upgrade to `/api/terminals/:id`: the same Host/Origin checks as the HTTP API, a
// refusal answered as the API answers, and the WebSocket encoding of a shell's feed (the edge of
// the broadcast core: each message encoded once for every window). One handler serves the Slidev
// dev server (vite-plugin.ts), the standalone server (index.ts) and the audience listener.
import { STATUS_CODES } from 'node:http'
import { WebSocketServer } from 'ws'
import { HttpError } from './errors'
import { answered } from './refusal-status'

const TERMINAL_PATH = /^\/api\/terminals\/([\w-]+)\/?(?:\?.*)?$/
const MAX_MESSAGE_BYTES = 64 * 1024
/** Above this a socket counts as full (as a stream's write() returning false). */
const HIGH_WATER_BYTES = 64 * 1024

/** Handles an HTTP upgrade; returns false when the path is not a terminal's, leaving it alone. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean

// The same message object goes to every window of the session: its JSON is made once.
const encodings = new WeakMap<object, string>()
function encoded(message: ShellMessage): string {
  let wire = encodings.get(message)
  if (wire === undefined)
    encodings.set(message, wire = JSON.stringify(message.data))
  return wire
}

/** A window's socket as the broadcast core sees it. */
function portOf(ws: WebSocket): ShellPort {
  const drained: (() => void)[] = []
  let full = false
  const sent = (): void => {
    if (full && ws.bufferedAmount < HIGH_WATER_BYTES) {
      full = false
      for (const d of drained) d()
    }
  }
  const queued = (): boolean => !(full = full || ws.bufferedAmount >= HIGH_WATER_BYTES)
  ws.on('error', () => {})
  return {
    sink: {
      send: (message) => {
        if (ws.readyState !== ws.OPEN)
          return true
        ws.send(encoded(message), sent)
        return queued()
      },
      buffered: () => ws.bufferedAmount,
      onDrain: callback => void drained.push(callback),
      onClose: callback => void ws.on('close', callback),
      destroy: () => ws.terminate(),
      keepAlive: () => {
        if (ws.readyState !== ws.OPEN)
          return true
        ws.ping(undefined, undefined, sent)
        return queued()
      },
    },
    onMessage: callback => void ws.on('message', (data, isBinary) => callback(isBinary
      ? undefined
      : data.toString())),
    close: (code, reason) => ws.close(code, reason),
  }
}

export function terminalUpgrade(terminals: TerminalServer, guard: Guard): UpgradeHandler {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  return (req, socket, head) => {
    const match = req.url?.match(TERMINAL_PATH)
    if (!match)
      return false
    try {
      guard(req, 'watch')
      const def = answered(terminals.find(match[1]!))
      // Admitted against the viewer limits by the broadcast core, as it joins.
      wss.handleUpgrade(req, socket, head, ws => terminals.join(portOf(ws), req, def))
    }
    catch (err) {
      refuseUpgrade(socket, err instanceof HttpError
        ? err
        : new HttpError(500, 'internal error'))
    }
    return true
  }
}

/** Answers a refused upgrade the way the HTTP API answers: a status and a JSON error. */
export function refuseUpgrade(socket: Duplex, err: HttpError): void {
  const body = JSON.stringify({ error: err.message })
  const reason = STATUS_CODES[err.status] ?? 'Error'
  const headers = Object.entries(err.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')
  socket.end(`HTTP/1.1 ${err.status} ${reason}\r\nContent-Type: application/json\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
}
