// Jumping from a main-track slide into the appendix and back: the slide we left is remembered
// (per browser tab, so a reload keeps it) until the back link uses it.
import { useNav } from '@slidev/client'
import { useSessionStorage } from '@vueuse/core'
import { computed } from 'vue'

const origin = useSessionStorage<number | null>('talk-appendix-origin', null)

/** Slide number of a `routeAlias`, or undefined. */
export function useSlideNo(alias: string) {
  const { slides } = useNav()
  return computed(() => slides.value.find(s => s.meta.slide?.frontmatter.routeAlias === alias)?.no)
}

export function useAppendixJump() {
  const nav = useNav()
  const closing = useSlideNo('closing')
  const inAppendix = computed(() => closing.value !== undefined && nav.currentSlideNo.value > closing.value)
  return {
    origin,
    inAppendix,
    jump(alias: string): void {
      // From the main track, remember where to return; from one appendix slide to another, keep it.
      if (!inAppendix.value)
        origin.value = nav.currentSlideNo.value
      void nav.go(alias)
    },
    back(): void {
      const to = origin.value
      origin.value = null
      void nav.go(to ?? 'appendix')
    },
  }
}
