// `virtual:cli-commands`: the CLI table's rows (deck/cli-commands.ts), computed at build time from
// the catalog and the slides, and again in the dev server whenever a slide changes.
// `virtual:slide-demos`: the slides that show demos, in order, with their demo ids (for prewarm).
// `virtual:demo-lines`: each demo's CLI lines and the safety flags the server adds (deck/cli-lines.ts).
// `virtual:output-widths`: the terminal columns each demo's recorded output needs.
import type { Plugin, ViteDevServer } from 'vite'
import { catalog } from '../demos/catalog'
import { cliCommands } from './cli-commands'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseRecording } from '../demos/recording'
import { PROJECT_ROOT } from '../shared/paths'
import { demoLines, outputWidth } from './cli-lines'
import { deckSlides } from './slides'

const MODULES: Record<string, () => Promise<unknown>> = {
  'virtual:cli-commands': async () => {
    const slides = await deckSlides()
    return cliCommands(catalog, demoId => slides.filter(s => s.demos.includes(demoId)).map(s => s.no))
  },
  'virtual:demo-lines': async () => demoLines(catalog),
  'virtual:output-widths': async () => {
    const dir = join(PROJECT_ROOT, 'demos/recordings')
    const files = (await readdir(dir)).filter(f => f.endsWith('.json'))
    return Object.fromEntries(await Promise.all(files.map(async f =>
      [f.slice(0, -5), outputWidth(parseRecording(JSON.parse(await readFile(join(dir, f), 'utf8')), f))])))
  },
  'virtual:slide-demos': async () => (await deckSlides()).filter(s => s.demos.length).map(s => ({ no: s.no, demos: s.demos })),
}

export function deckModules(): Plugin {
  let server: ViteDevServer | undefined
  return {
    name: 'docker-talk-deck-modules',
    configureServer(s) { server = s },
    resolveId: id => id in MODULES ? `\0${id}` : undefined,
    async load(id) {
      const make = id.startsWith('\0') ? MODULES[id.slice(1)] : undefined
      return make ? `export default ${JSON.stringify(await make())}` : undefined
    },
    // Slide numbers move whenever a slide is added or removed anywhere in the deck.
    handleHotUpdate({ file }) {
      if (!file.endsWith('.md') || !server) return
      for (const id of Object.keys(MODULES)) {
        const mod = server.moduleGraph.getModuleById(`\0${id}`)
        if (mod) void server.reloadModule(mod)
      }
    },
  }
}
