// The WebSocket to one shared shell session (server/shell/terminal.ts). Keeps the session's state and this
// window's role; output and size go straight to the terminal through callbacks, not reactive state.
import { onScopeDispose, reactive } from 'vue'
import type { TerminalClientMessage, TerminalHello, TerminalRole, TerminalServerMessage, TerminalState } from '../shared/protocol'
import { presenterSecret } from './api'

export interface ShellView {
  connected: boolean
  title?: string
  state: TerminalState
  message?: string
  role: TerminalRole
  roleReason: string
  error?: string
}

export interface ShellTerminal {
  reset: () => void
  write: (data: string) => void
  /** The TTY's size as the controlling window set it. */
  size: (cols: number, rows: number) => void
  /** This window now controls the shell; it should report its own size. */
  control: () => void
}

const RECONNECT_MS = 1000

export function useShellSocket(id: string, view: TerminalHello['view'], terminal: ShellTerminal) {
  const state = reactive<ShellView>({ connected: false, state: 'idle', role: 'watch', roleReason: 'connecting' })
  let ws: WebSocket | undefined
  let wanted = false
  let retry: ReturnType<typeof setTimeout> | undefined

  function handle(msg: TerminalServerMessage): void {
    switch (msg.type) {
      case 'info':
        state.title = msg.title
        break
      case 'role': {
        const gained = msg.role === 'control' && state.role !== 'control'
        Object.assign(state, { role: msg.role, roleReason: msg.reason })
        if (gained) terminal.control()
        break
      }
      case 'state':
        if (msg.reset) terminal.reset()
        Object.assign(state, { state: msg.state, message: msg.message, error: undefined })
        break
      case 'size':
        terminal.size(msg.cols, msg.rows)
        break
      case 'output':
        terminal.write(msg.data)
        break
      case 'error':
        state.error = msg.error
        break
    }
  }

  function connect(): void {
    wanted = true
    if (ws) return
    const url = new URL(`/api/terminals/${encodeURIComponent(id)}`, location.href)
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
    const socket = new WebSocket(url)
    ws = socket
    socket.onopen = () => {
      state.connected = true
      const secret = presenterSecret()
      send({ type: 'hello', view, ...(secret ? { secret } : {}) })
    }
    socket.onmessage = e => handle(JSON.parse(String(e.data)) as TerminalServerMessage)
    socket.onclose = () => {
      if (ws === socket) ws = undefined
      Object.assign(state, { connected: false, role: 'watch', roleReason: 'disconnected' })
      // The server restarted or the network blinked: come back while the slide is shown.
      if (wanted) retry = setTimeout(connect, RECONNECT_MS)
    }
  }

  function disconnect(): void {
    wanted = false
    clearTimeout(retry)
    ws?.close()
    ws = undefined
  }

  function send(msg: TerminalClientMessage): void {
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg))
  }

  onScopeDispose(disconnect)

  return {
    state,
    connect,
    disconnect,
    start: () => send({ type: 'start' }),
    end: () => send({ type: 'end' }),
    input: (data: string) => { if (state.role === 'control') send({ type: 'input', data }) },
    resize: (cols: number, rows: number) => { if (state.role === 'control') send({ type: 'resize', cols, rows }) },
  }
}
