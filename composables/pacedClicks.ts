import type { ComputedRef } from 'vue'
// A paced demo's steps as Slidev clicks, registered the way v-click registers its own: one click
// per step, so →, space, a click (and `r`, setup/shortcuts.ts) advance it. Slidev syncs clicks to
// every window; only the presenter window's slide sends the step to the server, so one click
// runs one step, and the audience sees it on the shared stream.
import { useSlideContext } from '@slidev/client'
import { computed, onUnmounted, watch } from 'vue'

let made = 0

/** Registers `steps` clicks on the slide; returns whether this window drives the run. */
export function usePacedClicks(steps: number, pace: (step: number) => unknown): ComputedRef<boolean> {
  const { $clicksContext: clicks, $renderContext } = useSlideContext()
  // The presenter's next-click preview renders the same slide a click ahead: it must not send.
  const driving = computed(() => $renderContext.value === 'presenter')
  const id = `docker-demo-paced-${++made}`
  const info = clicks.calculateSince('+1', steps)
  clicks.register(id, info)
  onUnmounted(() => clicks.unregister(id))
  if (!info)
    return driving
  watch(() => clicks.current - info.start, (step, before) => {
    // One click forward runs one step; a click back, or a jump onto the slide at its last click, runs nothing.
    if (driving.value && step === before + 1 && step >= 0 && step < steps)
      void pace(step)
  })
  return driving
}
