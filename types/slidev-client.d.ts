// @slidev/client ships TypeScript sources that do not pass this project's strict settings, so
// typecheck sees this declaration of the part of its public API the deck uses instead.
declare module '@slidev/client' {
  import type { ComputedRef, Ref } from 'vue'

  /** The deck's headmatter and CLI settings; `remote` is the `--remote` password (or true/''). */
  export const configs: { remote?: string | boolean, [key: string]: unknown }
  export function onSlideEnter(cb: (to: number, from: number | undefined) => unknown): void
  export function onSlideLeave(cb: (to: number, from: number | undefined) => unknown): void
  export function useIsSlideActive(): ComputedRef<boolean>
  /** One slide as the router knows it: its number and what its markdown declared. */
  export interface SlideRoute {
    no: number
    meta: { slide?: { title?: string, frontmatter: Record<string, unknown> } }
  }
  /** State every window shares; `timer` is the presenter's timer (start, pause, reset). */
  export const sharedState: {
    timer: { status: 'stopped' | 'running' | 'paused', startedAt: number, pausedAt: number }
  }
  export function useNav(): {
    slides: Ref<SlideRoute[]>
    currentSlideNo: ComputedRef<number>
    total: ComputedRef<number>
    isPrintMode: ComputedRef<boolean>
    isPresenter: ComputedRef<boolean>
    go: (no: number | string, clicks?: number) => Promise<void>
    next: () => Promise<void>
    prev: () => Promise<void>
  }
  export function useSlideContext(): {
    $page: Ref<number>
    $nav: Ref<{ currentSlideNo: number, isPrintMode: boolean, isPresenter: boolean }>
    $clicks: Ref<number>
    /** Where this instance of the slide is drawn: the deck, the presenter's current slide, a preview ... */
    $renderContext: Ref<'none' | 'slide' | 'overview' | 'presenter' | 'previewNext'>
  }
}
