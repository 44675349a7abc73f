// Prewarm along the deck: on every slide change the server is told the demos of the current slide
// and of the next slide that shows demos (deck/slide-demos.ts demosAround); it keeps a container
// created ahead of the click for those and removes every other (server/runs/registry.ts
// keepPrewarmed). One watcher per window, for the window's life.
import type { Ref } from 'vue'
import { effectScope, watch } from 'vue'
import { MAX_PREWARMED } from '../shared/protocol'
import { demosAround } from '../shared/slide-demos'
import { api } from './api'
import { slideDemos } from './slideDemos'
import { isAudienceBuild } from './useFollow'

let started = false

/**
 * Best effort: a viewer without the presenter secret, or a down engine, leaves Run as it is (the
 * click then creates the container itself).
 */
export function prewarmAlongTheDeck(currentSlideNo: Ref<number>): void {
  // The audience's windows follow; only the presenter's would be let prewarm.
  if (started || isAudienceBuild)
    return
  started = true
  effectScope(true).run(() => {
    watch(currentSlideNo, (no) => {
      api('/prewarm', {
        method: 'POST',
        json: {
          demos: demosAround(slideDemos, no, MAX_PREWARMED),
        },
      }).catch(() => {})
    }, { immediate: true })
  })
}
