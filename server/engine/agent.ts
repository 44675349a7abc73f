import type { ClientRequest, IncomingMessage } from 'node:http'
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
// docker-modem settles a plain (non-stream) call only on its answer's 'end'. An engine that dies
// mid-answer (killed or restarted during a pending /wait, whose headers come at once) closes the
// answer with no 'end' and, with no listener, no error either: the call would never settle, and the
// run would hang to its time limit. The engine client's agent turns that cut into the call's error.

interface WithAddRequest { addRequest: (req: ClientRequest, options: unknown) => void }

function settleCutAnswers<T extends HttpAgent>(agent: T): T {
  const target = agent as unknown as WithAddRequest
  const addRequest = target.addRequest.bind(agent)
  target.addRequest = (req, options) => {
    req.once('response', (res: IncomingMessage) => {
      res.once('close', () => {
        if (!res.complete && req.listenerCount('error') > 0)
          req.emit('error', Object.assign(new Error('the engine closed the connection mid-answer'), { code: 'ECONNRESET' }))
      })
    })
    addRequest(req, options)
  }
  return agent
}

/** The agent for the engine's socket or tcp:// address (ssh:// engines bring their own). */
export function engineAgent(tls: boolean): HttpAgent {
  return settleCutAnswers(tls
    ? new HttpsAgent({ keepAlive: true })
    : new HttpAgent({ keepAlive: true }))
}
