// The audience's build (server/audience/deck-build.ts sets TALK_AUDIENCE_BUILD) carries no speaker
// notes: Slidev's build embeds each slide's notes in its JavaScript, which anyone could read.
import process from 'node:process'
import { definePreparserSetup } from '@slidev/types'

export default definePreparserSetup(() => process.env.TALK_AUDIENCE_BUILD === '1'
  ? [
      {
        transformNote: async () => '',
      },
    ]
  : [])
