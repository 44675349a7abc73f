// The code themes of the deck: Slidev's code blocks use them, and so do the demos' CLI lines
// (deck/highlight.ts), so a command on a demo slide looks like the code beside it. These are
// Slidev's own defaults, named here so both read one definition.
import { defineShikiSetup } from '@slidev/types'

export const CODE_THEMES = { dark: 'vitesse-dark', light: 'vitesse-light' } as const

export default defineShikiSetup(() => ({ themes: CODE_THEMES }))
