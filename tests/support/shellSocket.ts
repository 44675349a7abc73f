import type { TerminalServerMessage } from '../../shared/protocol'
// A test's side of the shell WebSocket (/api/terminals/:id): a client that keeps every message
// and waits for the ones a test expects, and an upgrade the server refuses.
import WebSocket from 'ws'

/** A WebSocket client that keeps every message and lets a test wait for one. */
export class Client {
  readonly messages: TerminalServerMessage[] = []
  private waiters: { match: (m: TerminalServerMessage) => boolean, resolve: (m: TerminalServerMessage) => void }[] = []
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as TerminalServerMessage
      this.messages.push(m)
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(m))
          return true
        w.resolve(m)
        return false
      })
    })
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<Client> {
    const ws = new WebSocket(url, { headers })
    const client = new Client(ws)
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    return client
  }

  send(msg: object): void { this.ws.send(JSON.stringify(msg)) }

  /** Resolves with the first message (already received or future) that matches. */
  next(match: (m: TerminalServerMessage) => boolean): Promise<TerminalServerMessage> {
    const seen = this.messages.find(match)
    if (seen)
      return Promise.resolve(seen)
    return new Promise(resolve => this.waiters.push({ match, resolve }))
  }

  /** Waits for a message arriving from now on. */
  upcoming(match: (m: TerminalServerMessage) => boolean): Promise<TerminalServerMessage> {
    return new Promise(resolve => this.waiters.push({ match, resolve }))
  }

  output(): string {
    return this.messages.flatMap(m => m.type === 'output'
      ? [m.data]
      : []).join('')
  }

  /** Waits until the session's output (since this client joined) matches. */
  async outputMatching(re: RegExp): Promise<string> {
    while (!re.test(this.output())) await this.upcoming(m => m.type === 'output')
    return this.output()
  }

  close(): void { this.ws.close() }
}

/** Resolves with the HTTP status of a refused upgrade. */
export function refusedStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.on('error', () => {})
    ws.once('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0)
      req.destroy()
    })
    ws.once('open', () => reject(new Error('the upgrade was accepted')))
  })
}
