import type { UserConfig } from 'vite'
import { dockerTalkServer } from './server/vite-plugin'

export default {
  plugins: [dockerTalkServer()],
} satisfies UserConfig
