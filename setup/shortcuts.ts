// Keyboard shortcut for the speaker: `r` runs the demo(s) on the current slide, as clicking Run
// would (again while it runs: restart; during an offline replay: the rest at once). On a paced
// demo's slide it is one more click, as → is: the next step (components/DockerDemo.vue).
// Plain `r` only: Ctrl/Cmd+R reloads the page and must not start a demo on its way out.
import type { NavOperations, ShortcutOptions } from '@slidev/types'
import { useNav } from '@slidev/client'
import { defineShortcutsSetup } from '@slidev/types'
import { useMagicKeys } from '@vueuse/core'
import { computed } from 'vue'
import { runDemosOnSlide } from '../composables/slideDemos'

export default defineShortcutsSetup((_nav: NavOperations, base: ShortcutOptions[]) => {
  const { currentSlideNo } = useNav()
  const { r, ctrl, meta, alt, shift } = useMagicKeys()
  const plainR = computed(() => r!.value && !ctrl!.value && !meta!.value && !alt!.value && !shift!.value)
  return [
    ...base,
    {
      name: 'run_demo',
      key: plainR,
      fn: () => { runDemosOnSlide(currentSlideNo.value) },
    },
  ]
})
