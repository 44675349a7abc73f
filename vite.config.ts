import type { UserConfig } from 'vite'
import process from 'node:process'
import { deckModules } from './deck/vite-plugin'
import { dockerTalkServer } from './server/vite-plugin'

export default {
  plugins: [
    dockerTalkServer(),
    deckModules(),
  ],
  // `npm run export` gets Vite's optimized dependencies of its own: a deck running beside it that
  // re-optimizes into the same folder would pull them from under the page being printed.
  ...(process.env.TALK_VITE_CACHE_DIR
    ? { cacheDir: process.env.TALK_VITE_CACHE_DIR }
    : {}),
  // Pre-bundled at start, so a first visit is not interrupted by Vite's reload after discovering them.
  // popmotion (with framesync and style-value-types) and hast-util-to-html are what Slidev's
  // unbundled client libraries (@vueuse/motion, shiki) import: served file by file they are about 100
  // of a page's 750 requests; pre-bundled, a handful. Each is imported only by its bare name.
  optimizeDeps: {
    include: [
      '@xterm/xterm',
      '@xterm/addon-fit',
      'ansi_up',
      'popmotion',
      'framesync',
      'style-value-types',
      'hast-util-to-html',
    ],
  },
} satisfies UserConfig
