// `virtual:cli-commands`: the CLI table's rows (deck/cli-commands.ts), computed at build time from
// the catalog and the slides, and again in the dev server whenever a slide changes.
import type { Plugin, ViteDevServer } from 'vite'
import { catalog } from '../demos/catalog'
import { cliCommands } from './cli-commands'
import { deckSlides } from './slides'

const ID = 'virtual:cli-commands'
const RESOLVED = `\0${ID}`

export function cliCommandsModule(): Plugin {
  let server: ViteDevServer | undefined
  return {
    name: 'docker-talk-cli-commands',
    configureServer(s) { server = s },
    resolveId: id => id === ID ? RESOLVED : undefined,
    async load(id) {
      if (id !== RESOLVED) return undefined
      const slides = await deckSlides()
      const rows = cliCommands(catalog, demoId => slides.filter(s => s.demos.includes(demoId)).map(s => s.no))
      return `export default ${JSON.stringify(rows)}`
    },
    // Slide numbers move whenever a slide is added or removed anywhere in the deck.
    handleHotUpdate({ file }) {
      if (!file.endsWith('.md') || !server) return
      const mod = server.moduleGraph.getModuleById(RESOLVED)
      if (mod) void server.reloadModule(mod)
    },
  }
}
