import type Docker from 'dockerode'
import type express from 'express'
import type { Server } from 'node:http'
import type { Server as NetServer } from 'node:net'
import type { AudienceInfo } from '../shared/protocol'
import type { PositionFeed } from './audience/position'
import type { Guard } from './http/guard'
import type { UpgradeHandler } from './http/terminal-upgrade'
import type { ViewerLimits } from './http/viewers'
import type { RegistryOptions } from './runs/registry'
import type { LoadRecording } from './runs/replay'
import type { LoadShellRecording } from './shell/session'
import type { TerminalServer } from './shell/terminal'
// Puts the server together once, for both ways it runs: standalone (`npm run server`, `npm start`)
// and inside the Slidev dev server (vite-plugin.ts).
import process from 'node:process'
import { catalog, demosById, shellSessionsById } from '../demos/catalog'
import { createPositionFeed } from './audience/position'
import { EngineWatch } from './dashboard/watch'
import { sweep } from './engine/cleanup'
import { createDocker, engineHealth } from './engine/client'
import { createApp } from './http/app'
import { createGuard, isLoopback } from './http/guard'
import { resolvePresenterSecret, WeakSecretError } from './http/secret'
import { terminalUpgrade } from './http/terminal-upgrade'
import { viewerLimitsFromEnv, Viewers } from './http/viewers'
import { info } from './log'
import { DEFAULT_REGISTRY_OPTIONS, RunRegistry } from './runs/registry'
import { createTerminalServer } from './shell/terminal'

export interface Runtime {
  app: express.Express
  docker: Docker
  registry: RunRegistry
  presenterSecret: string
  /** Hosted (`npm start`): no client is trusted by its address, every window needs the secret. */
  hosted: boolean
  guard: Guard
  terminals: TerminalServer
  /** The presenter's position, which audience windows follow. */
  position: PositionFeed
  /** Where the audience listener is reached; set by it once it listens. */
  audience: AudienceInfo
  /**
   * For the HTTP server's 'upgrade' event: serves the API's WebSockets and returns true, or
   * returns false and leaves other upgrades (Vite's HMR socket) alone.
   */
  upgrade: UpgradeHandler
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
  /** Where the shell sessions' recordings come from (tests give their own). */
  shellRecordings?: LoadShellRecording
  /** Behind a proxy every visitor is 127.0.0.1: trust nobody by address (`npm start`, TALK_HOSTED=1). */
  hosted?: boolean
  /** Slidev's `--remote=<password>`: the one presenter secret. */
  remotePassword?: string
  viewers?: Partial<ViewerLimits>
  /** How long every window shares one engine state (server/engine/state.ts; tests lengthen it). */
  engineStateTtlMs?: number
  /**
   * `slidev export`'s server: its deck prints recordings and runs nothing, so it sweeps no leftovers.
   * A sweep would take the containers of a deck running on the same engine (the same instance label).
   */
  printOnly?: boolean
}

/** createRuntime for a process of its own: a weak presenter secret ends it with the message, nothing else runs. */
export function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  return createRuntime(options).catch((err: unknown) => {
    if (!(err instanceof WeakSecretError))
      throw err
    console.error(`[docker-talk] not starting: ${err.message}`)
    process.exit(1)
  })
}

export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const docker = options.docker ?? createDocker()
  // Checked first: a weak secret stops the start before anything touches the engine.
  const presenterSecret = resolvePresenterSecret(process.env.TALK_PRESENTER_SECRET, options.remotePassword)
  const hosted = options.hosted ?? process.env.TALK_HOSTED === '1'
  const allowedHosts = options.allowedHosts ?? process.env.TALK_ALLOWED_HOSTS?.split(',').filter(Boolean)
  const guard = createGuard({ presenterSecret, allowedHosts, trustLoopback: !hosted })
  const viewers = new Viewers({
    ...viewerLimitsFromEnv(),
    ...options.viewers,
  })
  const engineWatch = new EngineWatch(docker)
  const registry = new RunRegistry(docker, demosById, {
    ...DEFAULT_REGISTRY_OPTIONS,
    ...options.registry,
  }, options.recordings)
  const position = createPositionFeed()
  const audience: AudienceInfo = { urls: [] }
  const app = createApp({
    docker,
    catalog,
    registry,
    guard,
    engineWatch,
    viewers,
    engineStateTtlMs: options.engineStateTtlMs,
    following: {
      position,
      audience: () => audience,
    },
  })
  const terminals = createTerminalServer({
    docker,
    guard,
    viewers,
    sessions: shellSessionsById,
    idleTimeoutSec: options.shellIdleTimeoutSec,
    recordings: options.shellRecordings,
  })
  const upgrade = terminalUpgrade(terminals, guard)
  registry.keepDuringSweeps(terminals.liveRunIds)

  if (!options.printOnly)
    await sweepLeftovers(docker)

  let shutdown: Promise<void> | undefined
  return {
    app,
    docker,
    registry,
    presenterSecret,
    hosted,
    guard,
    terminals,
    position,
    audience,
    upgrade,
    acceptUpgrades: (server) => {
      server.on('upgrade', (req, socket, head) => {
        if (!upgrade(req, socket, head))
          socket.destroy()
      })
    },
    // Sessions first: the registry's final sweep then finds nothing of theirs left.
    shutdown: () => (shutdown ??= Promise.resolve(engineWatch.stop()).then(() => terminals.shutdown()).then(() => registry.shutdown()).catch((err: unknown) => {
      console.warn('[docker-talk] cleanup at shutdown incomplete:', (err as Error).message)
    })),
  }
}

/** Leftovers of a crash are removed before the first demo runs; a down engine is not fatal. */
async function sweepLeftovers(docker: Docker): Promise<void> {
  const engine = await engineHealth(docker)
  if (!engine.reachable) {
    console.warn(`[docker-talk] ${engine.error}; demos will replay their recordings`)
    return
  }
  const swept = await sweep(docker)
  const total = swept.containers + swept.networks + swept.volumes + swept.tags
  if (total)
    info(`[docker-talk] removed ${total} leftover object(s) from an earlier run`)
}

/**
 * Once the server listens beyond loopback (`HOST=0.0.0.0`, `slidev --remote`) or is hosted, prints
 * the presenter secret a presenter window needs, and says when it would cross the network in clear.
 */
export function announceRemoteControl(runtime: Pick<Runtime, 'presenterSecret' | 'hosted'>, server: NetServer): void {
  const announce = (): void => {
    const address = server.address()
    const beyond = !!address && typeof address !== 'string' && !isLoopback(address.address)
    if (!beyond && !runtime.hosted)
      return
    const who = runtime.hosted ? 'hosted: every window' : 'listening beyond loopback: a presenter window on another machine'
    info(`[docker-talk] ${who} needs the presenter secret ${runtime.presenterSecret} to run demos (toolbar: "view only: enter secret")`)
    // A TLS server has setSecureContext; Vite's and ours are plain HTTP unless configured otherwise.
    if (beyond && !('setSecureContext' in server))
      console.warn('[docker-talk] WARNING: plain HTTP beyond loopback: the presenter secret crosses the network in clear, readable by anyone on it. On a network you do not trust, serve over TLS: keep the deck on 127.0.0.1 and put a reverse proxy with a certificate in front (e.g. `caddy reverse-proxy --from talk.example.org --to 127.0.0.1:3030`), see docs/trust-and-modes.md.')
  }
  if (server.listening)
    announce()
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
    info(`[docker-talk] ${signal}: stopping demos and removing their containers ...`)
    beforeExit?.()
    const engine = await engineHealth(runtime.docker, SHUTDOWN_HEALTH_TIMEOUT_MS)
    if (engine.reachable)
      await runtime.shutdown()
    // What is left carries the label and goes at the next start.
    else console.warn(`[docker-talk] cleanup at shutdown incomplete: ${engine.error}`)
    process.exit(0)
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
}
