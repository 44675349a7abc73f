import type { EngineFacts, EngineHealth } from '../shared/protocol'
// The engine's health as the presenter needs it: reachable or not, and which demos are ready.
// One poll for the whole window, shared by every component that asks, and only while one does
// (vueuse's createSharedComposable counts them).
import { createSharedComposable, useIntervalFn } from '@vueuse/core'
import { reactive } from 'vue'
import { api } from './api'
import { hasRecording } from './recordings'

const POLL_MS = 5000

export interface HealthView {
  /** undefined until the first answer. */
  reachable?: boolean
  version?: string
  /** What the engine says of itself: image store, builder, cgroup version (EngineBadge.vue). */
  facts?: EngineFacts
  error?: string
  ready: string[]
  /** false on another machine without the presenter secret: Run and Stop are refused. */
  control?: boolean
}

export const useEngineHealth = createSharedComposable(() => {
  const health = reactive<HealthView>({ ready: [] })
  async function poll(): Promise<void> {
    try {
      const h = await api<EngineHealth>('/health')
      Object.assign(health, {
        reachable: h.engine.reachable,
        version: h.engine.version,
        facts: h.engine.facts,
        error: h.engine.error,
        ready: h.ready ?? [],
        control: h.control,
      })
    }
    catch (err) {
      Object.assign(health, {
        reachable: false,
        version: undefined,
        facts: undefined,
        error: (err as Error).message,
        ready: [],
      })
    }
  }
  const { pause, resume } = useIntervalFn(poll, POLL_MS, { immediateCallback: true })
  /** Asks again now (e.g. after the presenter entered the secret), and every POLL_MS from then. */
  const refresh = (): void => {
    pause()
    resume()
  }
  return { health, refresh }
})

export type DemoReadiness = 'checking' | 'live' | 'image missing' | 'replay' | 'unavailable'

/** What Run will do for this demo right now. */
export function readiness(h: HealthView, id: string): DemoReadiness {
  if (h.reachable === undefined)
    return 'checking'
  if (h.reachable) {
    return h.ready.includes(id)
      ? 'live'
      : 'image missing'
  }
  return hasRecording(id)
    ? 'replay'
    : 'unavailable'
}
