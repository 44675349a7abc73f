// Mounts the API inside the Slidev dev server: one process, one origin, no CORS,
// and Ctrl-C stops the deck and the demos together. Runs before Slidev's own plugins (`pre`), so
// its guard sees Slidev's dev endpoints first (slidev-guard.ts).
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Plugin } from 'vite'
import type { Runtime } from './runtime'
import { announceRemoteControl, exitCleanlyOnSignals, startRuntime } from './runtime'
import { guardSlidevEndpoint, isGuardedSlidevRequest, remotePasswordFromArgv } from './http/slidev-guard'
import { startAudienceListener } from './audience/listener'

// Slidev restarts its Vite server when the headmatter changes; the runs must survive that.
const shared = globalThis as { __dockerTalkRuntime?: Promise<Runtime>, __dockerTalkAudience?: Promise<unknown> }

export function dockerTalkServer(): Plugin {
  const remotePassword = remotePasswordFromArgv()
  return {
    name: 'docker-talk-server',
    enforce: 'pre',
    configureServer(server) {
      if (!shared.__dockerTalkRuntime) {
        shared.__dockerTalkRuntime = startRuntime({ remotePassword })
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
      if (httpServer) void runtime.then(r => announceRemoteControl(r, httpServer))
      const transform = async (url: string): Promise<string | undefined> => (await server.transformRequest(url))?.code
      // First in the stack, ahead of every plugin's middleware (Slidev's are `pre` too).
      server.middlewares.stack.unshift({ route: '', handle: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => {
        if (!req.url?.startsWith('/api/') && !isGuardedSlidevRequest(req)) return next()
        runtime.then(async (r) => {
          if (await guardSlidevEndpoint(req, res, { guard: r.guard, remotePassword, transform })) return
          if (req.url?.startsWith('/api/')) r.app(req as never, res as never, next)
          else next()
        }).catch(next)
      } })
      // Only the API's own WebSocket paths: Vite's HMR socket upgrades on this server too.
      server.httpServer?.on('upgrade', (req, socket, head) => {
        if (!req.url?.startsWith('/api/')) return
        runtime.then((r) => {
          if (!r.upgrade(req, socket, head)) socket.destroy()
        }, () => socket.destroy())
      })
    },
  }
}
