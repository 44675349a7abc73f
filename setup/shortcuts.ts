// Keyboard shortcut for the speaker: `r` runs the demo(s) on the current slide, as clicking Run
// would (again while it runs: restart; during an offline replay: the rest at once).
import type { NavOperations, ShortcutOptions } from '@slidev/types'
import { defineShortcutsSetup } from '@slidev/types'
import { useNav } from '@slidev/client'
import { runDemosOnSlide } from '../composables/slideDemos'

export default defineShortcutsSetup((_nav: NavOperations, base: ShortcutOptions[]) => {
  const { currentSlideNo } = useNav()
  return [
    ...base,
    { name: 'run_demo', key: 'r', fn: () => { runDemosOnSlide(currentSlideNo.value) } },
  ]
})
