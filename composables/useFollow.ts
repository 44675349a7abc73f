import type { Ref } from 'vue'
import type { PositionEvents, PresenterPosition } from '../shared/protocol'
// Following the presenter. The window that presents says where it is (slide and click) through
// the API; every audience window (the audience listener's build) follows it over an event stream
// (server/audience/position.ts). A follower may browse away; it then stops following until it
// asks to follow again.
import { useNav } from '@slidev/client'
import { nextTick, ref, watch } from 'vue'
import { api } from './api'
import { useEventStream } from './useEventStream'

/** The audience's copy of the deck (server/audience/deck-build.ts): its windows follow. */
export const isAudienceBuild = import.meta.env.VITE_TALK_AUDIENCE === '1'

/** While `enabled`, tells the server this window's position at every slide and click. */
export function usePublishPosition(enabled: Ref<boolean>): void {
  const { currentSlideNo, clicks } = useNav()
  watch([currentSlideNo, clicks, enabled], ([slide, click, on]) => {
    // A refused post (no secret after all) changes nothing on screen: followers just stay put.
    if (on) {
      api('/position', {
        method: 'POST',
        json: { slide, click } satisfies PresenterPosition,
      }).catch(() => {})
    }
  }, { immediate: true })
}

/** While `enabled`, moves this window to the presenter's position, unless its viewer browsed away. */
export function useFollow(enabled: Ref<boolean>) {
  const { currentSlideNo, clicks, go } = useNav()
  const following = ref(true)
  const presenter = ref<PresenterPosition>()
  /** Navigations of our own under way: the position changes they make are not the viewer's. */
  let moving = 0
  /** Where the last navigation of ours landed (a click beyond a slide's last lands on its last). */
  let landed = ''
  const here = (): string => `${currentSlideNo.value}:${clicks.value}`

  async function apply(): Promise<void> {
    const to = presenter.value
    if (!to || !following.value)
      return
    moving++
    try {
      await go(to.slide, to.click)
    }
    finally {
      await nextTick()
      landed = here()
      moving--
    }
  }

  const stream = useEventStream<PositionEvents>('/api/position/events', ['position'], (_name, at) => {
    presenter.value = { slide: at.slide, click: at.click }
    void apply()
  })

  watch([currentSlideNo, clicks], () => {
    if (moving === 0 && presenter.value && following.value && here() !== landed)
      following.value = false
  })

  watch(enabled, on => on
    ? stream.connect()
    : stream.disconnect(), { immediate: true })

  return {
    following,
    presenter,
    connected: stream.connected,
    /** Back to where the presenter is, and along with them from there. */
    follow: (): void => {
      following.value = true
      void apply()
    },
  }
}
