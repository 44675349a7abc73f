// `virtual:cli-commands`: the CLI table's rows (deck/cli-commands.ts), computed at build time from
// the catalog and the slides, and again in the dev server whenever a slide changes.
// `virtual:slide-demos`: the slides that show demos, in order, with their demo ids: the deck's one
// slide -> demos map (shared/slide-demos.ts) for the presenter toolbar, prewarm and the rehearsal.
// `virtual:demo-lines`: each demo's (and shell session's) CLI lines and the safety flags the server adds (deck/cli-lines.ts).
// `virtual:output-widths`: the terminal columns each demo's recorded output needs.
// `virtual:time-model`: the spoken-time model of the main track (composables/timePlan.ts), for PlanStatus.
// `virtual:cli-highlight`: every catalog CLI line as shiki tokens in the code themes (deck/highlight.ts).
// `virtual:paced-demos`: the ids of the demos that run one step per click (Demo.paced).
import type { Plugin, ViteDevServer } from 'vite'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { catalog, shellSessionsById } from '../demos/catalog'
import { sessionCli } from '../demos/cli-line'
import { parseRecording } from '../demos/recording'
import { PROJECT_ROOT } from '../shared/paths'
import { cliCommands } from './cli-commands'
import { demoLines, outputWidth } from './cli-lines'
import { highlightCli } from './highlight'
import { deckSlides, deckTimeModel } from './slides'

const MODULES: Record<string, () => Promise<unknown>> = {
  'virtual:cli-commands': async () => {
    const slides = await deckSlides()
    return cliCommands(catalog, demoId => slides.filter(s => s.demos.includes(demoId)).map(s => s.no))
  },
  'virtual:demo-lines': async () => demoLines(catalog, Object.fromEntries([
    ...shellSessionsById.values(),
  ].map(s => [
    s.id,
    sessionCli(s),
  ]))),
  'virtual:cli-highlight': () => highlightCli(catalog),
  'virtual:paced-demos': async () => catalog.filter(d => d.paced).map(d => d.id),
  'virtual:output-widths': async () => {
    const dir = join(PROJECT_ROOT, 'demos/recordings')
    const files = (await readdir(dir)).filter(f => f.endsWith('.json'))
    return Object.fromEntries(await Promise.all(files.map(async f =>
      [
        f.slice(0, -5),
        outputWidth(parseRecording(JSON.parse(await readFile(join(dir, f), 'utf8')), f)),
      ])))
  },
  'virtual:time-model': () => deckTimeModel(),
  'virtual:slide-demos': async () => (await deckSlides()).filter(s => s.demos.length).map(s => ({ no: s.no, demos: s.demos })),
}

export function deckModules(): Plugin {
  let server: ViteDevServer | undefined
  // Started with the server, so the first visit of a demo slide does not wait on shiki.
  let highlighted: Promise<unknown> | undefined
  const make = (id: string): Promise<unknown> => id === 'virtual:cli-highlight'
    ? (highlighted ??= MODULES[id]!())
    : MODULES[id]!()
  return {
    name: 'docker-talk-deck-modules',
    configureServer(s) {
      server = s
      make('virtual:cli-highlight').catch(() => {}) // a failure shows when the module loads
    },
    resolveId: id => id in MODULES
      ? `\0${id}`
      : undefined,
    async load(id) {
      const name = id.startsWith('\0')
        ? id.slice(1)
        : undefined
      return name && name in MODULES
        ? `export default ${JSON.stringify(await make(name))}`
        : undefined
    },
    // Slide numbers move whenever a slide is added or removed anywhere in the deck.
    handleHotUpdate({ file }) {
      if (!file.endsWith('.md') || !server)
        return
      for (const id of Object.keys(MODULES)) {
        const mod = server.moduleGraph.getModuleById(`\0${id}`)
        if (mod)
          void server.reloadModule(mod)
      }
    },
  }
}
