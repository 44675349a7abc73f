import type { Server } from 'node:http'
import type { Runtime } from '../runtime'
// The audience's listener (`npm run dev -- --audience`): the built deck without notes and the API
// on 0.0.0.0:3040, beside Slidev's dev server, which stays on loopback for the speaker. Nothing of
// the dev server is reachable here: no Vite, no HMR, no Slidev endpoint, no project file. Served by
// the same module as a hosted talk (server/http/site.ts).
import { createServer } from 'node:http'
import { networkInterfaces } from 'node:os'
import process from 'node:process'
import { renderUnicodeCompact } from 'uqr'
import { createSite } from '../http/site'
import { info } from '../log'
import { announceRemoteControl } from '../runtime'
import { ensureAudienceDeck } from './deck-build'

export const DEFAULT_AUDIENCE_PORT = 3040

export interface AudienceListener {
  server: Server
  /** How the audience reaches it: one URL per address of this machine beyond loopback. */
  urls: string[]
}

function urlsOf(host: string, port: number): string[] {
  if (host !== '0.0.0.0' && host !== '::') {
    return [`http://${host.includes(':')
      ? `[${host}]`
      : host}:${port}/`]
  }
  return Object.values(networkInterfaces()).flat().filter(i => i && i.family === 'IPv4' && !i.internal).map(i => `http://${i!.address}:${port}/`)
}

/** AUDIENCE_PORT, 0 for any free port (tests); 3040 when unset. */
function portFromEnv(): number {
  const raw = process.env.AUDIENCE_PORT
  if (raw === undefined || raw === '')
    return DEFAULT_AUDIENCE_PORT
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`AUDIENCE_PORT must be a port number, not "${raw}"`)
  return port
}

export async function startAudienceListener(runtime: Runtime, options: { port?: number, host?: string, deckDir?: string } = {}): Promise<AudienceListener> {
  const deckDir = options.deckDir ?? await ensureAudienceDeck()
  const port = options.port ?? portFromEnv()
  const host = options.host ?? process.env.AUDIENCE_HOST ?? '0.0.0.0'
  const server = createServer(createSite(runtime.app, deckDir))
  runtime.acceptUpgrades(server)
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve))
  const actual = (server.address() as { port: number }).port
  const urls = urlsOf(host, actual)
  runtime.audience.urls = urls
  info(`[docker-talk] audience: share ${urls.join(' or ') || `port ${actual} (no network address found)`}: the built deck, following the presenter`)
  // The presenter window's toolbar shows it too (components/AudienceLink.vue).
  if (urls[0] && process.stdout.isTTY)
    info(renderUnicodeCompact(urls[0]))
  announceRemoteControl(runtime, server)
  return { server, urls }
}
