// Follows the engine dashboard's event stream (server/dashboard/watch.ts): each event replaces one list.
import { onScopeDispose, reactive } from 'vue'
import type { DashboardEvents } from '../shared/protocol'
import { api, ApiFailure } from './api'

export interface EngineView extends Partial<DashboardEvents> {
  connected: boolean
  /** Why the last Stop/Remove click was refused. */
  refused?: string
}

const EVENTS: (keyof DashboardEvents)[] = ['containers', 'images', 'volumes', 'networks', 'engine']

export function useEngineEvents() {
  const view = reactive<EngineView>({ connected: false })
  let source: EventSource | undefined

  function connect(): void {
    if (source) return
    source = new EventSource('/api/engine/events')
    source.onopen = () => { view.connected = true }
    source.onerror = () => { view.connected = false }
    for (const name of EVENTS) {
      source.addEventListener(name, (e) => {
        (view as Record<string, unknown>)[name] = JSON.parse((e as MessageEvent<string>).data)
      })
    }
  }

  function disconnect(): void {
    source?.close()
    source = undefined
    view.connected = false
  }

  async function act(id: string, action: 'stop' | 'remove'): Promise<void> {
    view.refused = undefined
    try {
      await api(`/engine/containers/${encodeURIComponent(id)}/${action}`, { method: 'POST' })
    }
    catch (err) {
      view.refused = err instanceof ApiFailure ? err.message : String(err)
    }
  }

  onScopeDispose(disconnect)
  return { view, connect, disconnect, stop: (id: string) => act(id, 'stop'), remove: (id: string) => act(id, 'remove') }
}
