// A server's event stream (Server-Sent Events) while it is wanted: vueuse's useEventSource owns the
// connection (and closes it with the component); every named event reaches `on`, parsed, in order.
import { useEventSource } from '@vueuse/core'
import { computed, watch } from 'vue'

export function useEventStream<E>(url: string, names: readonly (keyof E & string)[], on: <K extends keyof E & string>(name: K, data: E[K]) => void) {
  const { eventSource, status, open, close } = useEventSource(url, [], { immediate: false, autoConnect: false })
  // Attached as the EventSource is made, before any of its events can arrive. A stream's own
  // `error` event shares its name with the connection error, a plain Event without data.
  watch(eventSource, (source) => {
    for (const name of names) {
      source?.addEventListener(name, (e) => {
        if (e instanceof MessageEvent)
          on(name, JSON.parse(e.data as string) as E[typeof name])
      })
    }
  }, { flush: 'sync' })
  return {
    connected: computed(() => status.value === 'OPEN'),
    connect: () => {
      if (!eventSource.value)
        open()
    },
    disconnect: close,
  }
}
