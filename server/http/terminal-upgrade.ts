// The WebSocket upgrade to `/api/terminals/:id`: the same Host/Origin checks and viewer limits as the
// HTTP API, and a refusal answered as the API answers. One handler serves both the Slidev dev server
// (vite-plugin.ts) and the standalone server (index.ts).
import { STATUS_CODES } from 'node:http'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { TerminalServer } from '../shell/terminal'
import { HttpError } from './errors'
import type { Guard } from './guard'
import { answered } from './refusal-status'
import type { Viewers } from './viewers'

const TERMINAL_PATH = /^\/api\/terminals\/([\w-]+)\/?(?:\?.*)?$/
const MAX_MESSAGE_BYTES = 64 * 1024

/** Handles an HTTP upgrade; returns false when the path is not a terminal's, leaving it alone. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean

export function terminalUpgrade(terminals: TerminalServer, guard: Guard, viewers: Viewers): UpgradeHandler {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  return (req, socket, head) => {
    const match = req.url?.match(TERMINAL_PATH)
    if (!match) return false
    try {
      guard(req, 'watch')
      const def = answered(terminals.find(match[1]!))
      wss.handleUpgrade(req, socket, head, (ws) => {
        // Shell sockets count with event streams. A browser cannot read an upgrade's HTTP status;
        // it can read a close code and reason.
        const admitted = viewers.admit(guard.clientOf(req))
        if ('refused' in admitted) return ws.close(1013, admitted.refused.message.slice(0, 120))
        ws.on('close', admitted.release)
        terminals.join(ws, req, def)
      })
    }
    catch (err) {
      refuseUpgrade(socket, err instanceof HttpError ? err : new HttpError(500, 'internal error'))
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
