import type { UserConfig } from 'vite'
import { cliCommandsModule } from './deck/vite-plugin'
import { dockerTalkServer } from './server/vite-plugin'

export default {
  plugins: [dockerTalkServer(), cliCommandsModule()],
  // Pre-bundled at start, so a first visit is not interrupted by Vite's reload after discovering them.
  optimizeDeps: { include: ['@xterm/xterm', '@xterm/addon-fit', 'ansi-regex'] },
} satisfies UserConfig
