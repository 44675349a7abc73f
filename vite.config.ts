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
  optimizeDeps: {
    include: ['@xterm/xterm', '@xterm/addon-fit', 'ansi_up'],
  },
} satisfies UserConfig
