// The engine's health as the presenter needs it: reachable or not, and which demos are ready.
// One poll for the whole window, shared by every component that asks, and only while one does.
import { onScopeDispose, reactive } from 'vue'
import type { EngineHealth } from '../shared/protocol'
import { api } from './api'
import { hasRecording } from './recordings'

const POLL_MS = 5000

export interface HealthView {
  /** undefined until the first answer. */
  reachable?: boolean
  version?: string
  error?: string
  ready: string[]
  /** false on another machine without the presenter secret: Run and Stop are refused. */
  control?: boolean
  checkedAt?: number
}

const health = reactive<HealthView>({ ready: [] })
let users = 0
let timer: ReturnType<typeof setTimeout> | undefined

async function poll(): Promise<void> {
  try {
    const h = await api<EngineHealth>('/health')
    Object.assign(health, { reachable: h.engine.reachable, version: h.engine.version, error: h.engine.error, ready: h.ready ?? [], control: h.control, checkedAt: Date.now() })
  }
  catch (err) {
    Object.assign(health, { reachable: false, version: undefined, error: (err as Error).message, ready: [], checkedAt: Date.now() })
  }
  // A refresh can overlap a scheduled poll: whichever finishes last keeps the only timer.
  clearTimeout(timer)
  if (users > 0) timer = setTimeout(poll, POLL_MS)
}

/** Asks again now, e.g. after the presenter entered the secret. */
export function refreshEngineHealth(): void {
  clearTimeout(timer)
  void poll()
}

export function useEngineHealth(): HealthView {
  if (users++ === 0) void poll()
  onScopeDispose(() => {
    if (--users === 0) clearTimeout(timer)
  })
  return health
}

export type DemoReadiness = 'checking' | 'live' | 'image missing' | 'replay' | 'unavailable'

/** What Run will do for this demo right now. */
export function readiness(h: HealthView, id: string): DemoReadiness {
  if (h.reachable === undefined) return 'checking'
  if (h.reachable) return h.ready.includes(id) ? 'live' : 'image missing'
  return hasRecording(id) ? 'replay' : 'unavailable'
}
