import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
// `npm run server`: the API alone. `npm start`: the built deck (dist/) and the API on one origin.
// TALK_AUDIENCE=1 adds the audience listener, as `npm run dev -- --audience` does (docs/audience.md).
import process from 'node:process'
import { startAudienceListener } from './audience/listener'
import { createSite } from './http/site'
import { info } from './log'
import { announceRemoteControl, exitCleanlyOnSignals, startRuntime } from './runtime'

const port = Number(process.env.PORT || 3031)
const host = process.env.HOST || '127.0.0.1'
const serveDeck = process.argv.includes('--deck')

// Hosted behind a proxy, every visitor arrives from 127.0.0.1: nobody is trusted by address.
// eslint-disable-next-line antfu/no-top-level-await -- ES module entry point: a failed start ends the process
const runtime = await startRuntime({ hosted: serveDeck || undefined })
const dist = resolve(import.meta.dirname, '../dist')
if (serveDeck && !existsSync(dist)) {
  console.error('No dist/ folder: run `npm run build` first.')
  process.exit(1)
}
// The same serving as the audience listener's (server/audience/listener.ts).
const root = serveDeck
  ? createSite(runtime.app, dist)
  : runtime.app

const server = root.listen(port, host, () => {
  info(`[docker-talk] ${serveDeck ? 'deck and API' : 'API'} on http://${host}:${port} (Node ${process.version})`)
})
announceRemoteControl(runtime, server)
runtime.acceptUpgrades(server)
exitCleanlyOnSignals(runtime, () => server.close())
if (process.env.TALK_AUDIENCE === '1')
  // eslint-disable-next-line antfu/no-top-level-await -- ES module entry point, as above
  await startAudienceListener(runtime, { deckDir: process.env.TALK_AUDIENCE_DECK_DIR || undefined })
