import type { Buffer } from 'node:buffer'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Plugin } from 'vite'
import type { Runtime } from './runtime'
// Mounts the API inside the Slidev dev server: one process, one origin, no CORS,
// and Ctrl-C stops the deck and the demos together. Runs before Slidev's own plugins (`pre`), so
// its guard sees Slidev's dev endpoints first (slidev-guard.ts).
import process from 'node:process'
import { startAudienceListener } from './audience/listener'
import { dropMalformedHmrMessages, guardSlidevEndpoint, refuseSlidevUpgrade, remotePasswordFromArgv } from './http/slidev-guard'
import { refuseUpgrade } from './http/terminal-upgrade'
import { announceRemoteControl, exitCleanlyOnSignals, startRuntime } from './runtime'

// Slidev restarts its Vite server when the headmatter changes; the runs must survive that.
const shared = globalThis as { __dockerTalkRuntime?: Promise<Runtime>, __dockerTalkAudience?: Promise<unknown> }

/** `slidev export` (npm run export) serves the deck to print it. */
function isSlidevExport(argv = process.argv): boolean {
  return argv[2] === 'export'
}

export function dockerTalkServer(): Plugin {
  const remotePassword = remotePasswordFromArgv()
  // A deck being printed runs no demo: its server neither sweeps the engine at start nor at Ctrl-C,
  // where a deck running beside it (`npm run dev`) has its demos' containers.
  const printOnly = isSlidevExport()
  return {
    name: 'docker-talk-server',
    enforce: 'pre',
    configureServer(server) {
      if (!shared.__dockerTalkRuntime) {
        shared.__dockerTalkRuntime = startRuntime({ remotePassword, printOnly })
        if (!printOnly)
          void shared.__dockerTalkRuntime.then(runtime => exitCleanlyOnSignals(runtime))
      }
      // `npm run dev -- --audience` (scripts/dev.sh sets TALK_AUDIENCE): the audience gets a listener of its own.
      if (process.env.TALK_AUDIENCE === '1' && !shared.__dockerTalkAudience) {
        shared.__dockerTalkAudience = shared.__dockerTalkRuntime.then(startAudienceListener).catch((err: unknown) => {
          console.error(`[docker-talk] no audience listener: ${(err as Error).message}`)
        })
      }
      const runtime = shared.__dockerTalkRuntime
      const httpServer = server.httpServer
      if (httpServer)
        void runtime.then(r => announceRemoteControl(r, httpServer))
      // First in the stack, ahead of every plugin's middleware (Slidev's are `pre` too).
      server.middlewares.stack.unshift({
        route: '',
        handle: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => {
          runtime.then((r) => {
            if (guardSlidevEndpoint(req, res, { guard: r.guard, remotePassword, root: server.config.root }))
              return
            if (req.url?.startsWith('/api/'))
              r.app(req as never, res as never, next)
            else next()
          }).catch(next)
        },
      })
      server.ws.on('connection', dropMalformedHmrMessages)
      // Every upgrade passes here first: the API's WebSockets, then Vite's HMR socket (its listener,
      // added when Vite made the server, is called only for clients the guard lets through).
      if (!httpServer)
        return
      const vite = httpServer.listeners('upgrade') as ((...args: unknown[]) => void)[]
      httpServer.removeAllListeners('upgrade')
      httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        runtime.then((r) => {
          if (req.url?.startsWith('/api/')) {
            if (!r.upgrade(req, socket, head))
              socket.destroy()
          }
          else if (!refuseSlidevUpgrade(req, socket, r.guard, refuseUpgrade)) {
            for (const listener of vite) listener.call(httpServer, req, socket, head)
          }
        }, () => socket.destroy())
      })
    },
  }
}
