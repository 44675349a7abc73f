// Puts the server together once, for both ways it runs: standalone (`npm run server`, `npm start`)
// and inside the Slidev dev server (vite-plugin.ts).
import { randomBytes } from 'node:crypto'
import type Docker from 'dockerode'
import type express from 'express'
import type { IncomingMessage, Server } from 'node:http'
import type { Server as NetServer } from 'node:net'
import type { Duplex } from 'node:stream'
import { catalog, demosById, shellSessionsById } from '../demos/catalog'
import { createApp } from './http/app'
import { sweep } from './engine/cleanup'
import { EngineWatch } from './dashboard/watch'
import { createDocker, engineHealth } from './engine/client'
import { createGuard, isLoopback } from './http/guard'
import type { RegistryOptions } from './runs/registry'
import { DEFAULT_REGISTRY_OPTIONS, RunRegistry } from './runs/registry'
import type { LoadRecording } from './runs/replay'
import type { TerminalServer } from './shell/terminal'
import { createTerminalServer } from './shell/terminal'

export interface Runtime {
  app: express.Express
  docker: Docker
  registry: RunRegistry
  presenterSecret: string
  terminals: TerminalServer
  /**
   * For the HTTP server's 'upgrade' event: serves the API's WebSockets and returns true, or
   * returns false and leaves other upgrades (Vite's HMR socket) alone.
   */
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean
  /** Serves the API's WebSockets on a server of our own (standalone, tests); other upgrades are refused. */
  acceptUpgrades: (server: Server) => void
  /** Stops every run and removes every labelled object; safe to call more than once. */
  shutdown: () => Promise<void>
}

export interface RuntimeOptions {
  docker?: Docker
  registry?: Partial<RegistryOptions>
  allowedHosts?: string[]
  /** Where the demos' recordings come from (tests give their own). */
  recordings?: LoadRecording
  /** Overrides the idle timeout of every shell session (tests). */
  shellIdleTimeoutSec?: number
}

export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const docker = options.docker ?? createDocker()
  const registry = new RunRegistry(docker, demosById, { ...DEFAULT_REGISTRY_OPTIONS, ...options.registry }, options.recordings)
  const presenterSecret = process.env.TALK_PRESENTER_SECRET ?? randomBytes(12).toString('base64url')
  const allowedHosts = options.allowedHosts ?? process.env.TALK_ALLOWED_HOSTS?.split(',').filter(Boolean)
  const guard = createGuard({ presenterSecret, allowedHosts })
  const engineWatch = new EngineWatch(docker)
  const app = createApp({ docker, catalog, registry, guard, engineWatch })
  const terminals = createTerminalServer({ docker, guard, sessions: shellSessionsById, idleTimeoutSec: options.shellIdleTimeoutSec })
  registry.keepDuringSweeps(terminals.liveRunIds)

  // Leftovers of a crash are removed before the first demo runs; a down engine is not fatal.
  const engine = await engineHealth(docker)
  if (engine.reachable) {
    const swept = await sweep(docker)
    const total = swept.containers + swept.networks + swept.volumes + swept.tags
    if (total) console.log(`[docker-talk] removed ${total} leftover object(s) from an earlier run`)
  }
  else {
    console.warn(`[docker-talk] ${engine.error}; demos will replay their recordings`)
  }

  let shutdown: Promise<void> | undefined
  return {
    app,
    docker,
    registry,
    presenterSecret,
    terminals,
    upgrade: terminals.handleUpgrade,
    acceptUpgrades: (server) => {
      server.on('upgrade', (req, socket, head) => {
        if (!terminals.handleUpgrade(req, socket, head)) socket.destroy()
      })
    },
    // Sessions first: the registry's final sweep then finds nothing of theirs left.
    shutdown: () => (shutdown ??= Promise.resolve(engineWatch.stop()).then(() => terminals.shutdown()).then(() => registry.shutdown()).catch((err: unknown) => {
      console.warn('[docker-talk] cleanup at shutdown incomplete:', (err as Error).message)
    })),
  }
}

/**
 * Once the server listens beyond loopback (`HOST=0.0.0.0`, `slidev --remote`), prints the
 * presenter secret a presenter window on another machine needs to run demos.
 */
export function announceRemoteControl(runtime: Pick<Runtime, 'presenterSecret'>, server: NetServer): void {
  const announce = (): void => {
    const address = server.address()
    if (!address || typeof address === 'string' || isLoopback(address.address)) return
    console.log(`[docker-talk] listening beyond loopback: a presenter window on another machine needs the presenter secret ${runtime.presenterSecret} (toolbar: "view only: enter secret")`)
  }
  if (server.listening) announce()
  else server.once('listening', announce)
}

/**
 * At Ctrl-C, an engine that does not answer within this is taken for hung: cleanup would wait on
 * it for ever (engine calls have no time limit). A busy one answers well within it.
 */
const SHUTDOWN_HEALTH_TIMEOUT_MS = 5_000

/** Cleans up on Ctrl-C and SIGTERM, then exits. */
export function exitCleanlyOnSignals(runtime: Pick<Runtime, 'shutdown' | 'docker'>, beforeExit?: () => void): void {
  const onSignal = async (signal: NodeJS.Signals): Promise<void> => {
    console.log(`[docker-talk] ${signal}: stopping demos and removing their containers ...`)
    beforeExit?.()
    const engine = await engineHealth(runtime.docker, SHUTDOWN_HEALTH_TIMEOUT_MS)
    if (engine.reachable) await runtime.shutdown()
    // What is left carries the label and goes at the next start.
    else console.warn(`[docker-talk] cleanup at shutdown incomplete: ${engine.error}`)
    process.exit(0)
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
}
