// Mounts the API inside the Slidev dev server: one process, one origin, no CORS,
// and Ctrl-C stops the deck and the demos together.
import type { Plugin } from 'vite'
import type { Runtime } from './runtime'
import { announceRemoteControl, createRuntime, exitCleanlyOnSignals } from './runtime'

// Slidev restarts its Vite server when the headmatter changes; the runs must survive that.
const shared = globalThis as { __dockerTalkRuntime?: Promise<Runtime> }

export function dockerTalkServer(): Plugin {
  return {
    name: 'docker-talk-server',
    configureServer(server) {
      if (!shared.__dockerTalkRuntime) {
        shared.__dockerTalkRuntime = createRuntime()
        void shared.__dockerTalkRuntime.then(runtime => exitCleanlyOnSignals(runtime))
      }
      const runtime = shared.__dockerTalkRuntime
      const httpServer = server.httpServer
      if (httpServer) void runtime.then(r => announceRemoteControl(r, httpServer))
      server.middlewares.use((req, res, next) => {
        if (!req.url?.startsWith('/api/')) return next()
        runtime.then(r => r.app(req as never, res as never, next), next)
      })
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
