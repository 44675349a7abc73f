// The engine's state as every window's health poll shows it: computed once for all of them, at
// most once a second, so a hall of phones (or a script) polling /api/health costs the engine a
// few calls a second, not two per request. The presenter's window (one client) gets it fresh: a
// stopped or restarted engine shows there at once.
import type Docker from 'dockerode'
import type { Demo } from '../../demos/types'
import type { EngineHealth } from '../../shared/protocol'
import { engineHealth } from './client'
import { readyDemos } from './readiness'

export const ENGINE_STATE_TTL_MS = 1000

export interface EngineState {
  engine: EngineHealth['engine']
  /** Demos whose images are on the engine; only when it answers. */
  ready?: string[]
}

/**
 * `compute`'s value, shared: callers while it runs wait for the same promise (single flight), and
 * for `ttlMs` after it settled they get it again; a caller that asks for a younger one
 * (`maxAgeMs`) joins a computation under way or starts one.
 */
export function cachedFor<T>(ttlMs: number, compute: () => Promise<T>, now = (): number => Date.now()): (maxAgeMs?: number) => Promise<T> {
  let last: { value: Promise<T>, settledAt?: number } | undefined
  return (maxAgeMs = ttlMs) => {
    if (last && (last.settledAt === undefined || now() - last.settledAt < Math.min(maxAgeMs, ttlMs)))
      return last.value
    const entry: { value: Promise<T>, settledAt?: number } = {
      value: compute(),
    }
    last = entry
    void entry.value.then(() => {
      entry.settledAt = now()
    }, () => {
      entry.settledAt = now()
    })
    return entry.value
  }
}

/** The state, cached; `fresh` (a window that may control) joins a computation under way or starts one. */
export function engineState(docker: Docker, catalog: readonly Demo[], ttlMs = ENGINE_STATE_TTL_MS): (fresh?: boolean) => Promise<EngineState> {
  const get = cachedFor(ttlMs, async (): Promise<EngineState> => {
    // With the facts (a GET /info) for the deck's engine badge: once a second for every window.
    const engine = await engineHealth(docker, undefined, true)
    if (!engine.reachable)
      return { engine }
    return { engine, ready: await readyDemos(docker, catalog).catch(() => []) }
  })
  return fresh => get(fresh ? 0 : ttlMs)
}
