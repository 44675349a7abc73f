import type { UserConfig } from 'vite'
import { deckModules } from './deck/vite-plugin'
import { dockerTalkServer } from './server/vite-plugin'

export default {
  plugins: [dockerTalkServer(), deckModules()],
  // Pre-bundled at start, so a first visit is not interrupted by Vite's reload after discovering them.
  optimizeDeps: { include: ['@xterm/xterm', '@xterm/addon-fit', 'ansi_up'] },
} satisfies UserConfig
