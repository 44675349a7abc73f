import type { DashboardEvents } from '../shared/protocol'
// Follows the engine dashboard's event stream (server/dashboard/watch.ts): each event replaces one list.
import { reactive } from 'vue'
import { api } from './api'
import { useEventStream } from './useEventStream'

export interface EngineView extends Partial<DashboardEvents> {
  /** Why the last Stop/Remove click was refused. */
  refused?: string
}

const EVENTS: (keyof DashboardEvents)[] = [
  'containers',
  'images',
  'volumes',
  'networks',
  'engine',
]

export function useEngineEvents() {
  const view = reactive<EngineView>({})
  const { connected, connect, disconnect } = useEventStream<DashboardEvents>('/api/engine/events', EVENTS, (name, data) => {
    (view as Record<string, unknown>)[name] = data
  })

  async function act(id: string, action: 'stop' | 'remove'): Promise<void> {
    view.refused = undefined
    try {
      await api(`/engine/containers/${encodeURIComponent(id)}/${action}`, { method: 'POST' })
    }
    catch (err) {
      view.refused = (err as Error).message
    }
  }

  return {
    view,
    connected,
    connect,
    disconnect,
    stop: (id: string) => act(id, 'stop'),
    remove: (id: string) => act(id, 'remove'),
  }
}
