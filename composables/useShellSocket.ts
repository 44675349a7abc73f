import type { TerminalClientMessage, TerminalHello, TerminalRole, TerminalServerMessage, TerminalState } from '../shared/protocol'
// The WebSocket to one shared shell session (server/shell/terminal.ts). Keeps the session's state and this
// window's role; output and size go straight to the terminal through callbacks, not reactive state.
import { useWebSocket } from '@vueuse/core'
import { reactive } from 'vue'
import { demoServerAnswers, presenterSecret } from './api'
import { localShellReplay } from './localShellReplay'

export interface ShellView {
  connected: boolean
  state: TerminalState
  message?: string
  role: TerminalRole
  roleReason: string
  error?: string
  /** The session plays its recording (no engine), made then. */
  recordedAt?: string
  /** The engine that made that recording. */
  recordedOn?: string
  /** No demo server answers (the static deck): the recording plays in this window. */
  noServer?: boolean
}

export interface ShellTerminal {
  reset: () => void
  write: (data: string) => void
  /** The TTY's size as the controlling window set it. */
  size: (cols: number, rows: number) => void
  /** This window now controls the shell; it should report its own size. */
  control: () => void
}

export function useShellSocket(id: string, view: TerminalHello['view'], terminal: ShellTerminal) {
  const state = reactive<ShellView>({
    connected: false,
    state: 'idle',
    role: 'watch',
    roleReason: 'connecting',
  })

  function handle(msg: TerminalServerMessage): void {
    switch (msg.type) {
      case 'role': {
        const gained = msg.role === 'control' && state.role !== 'control'
        Object.assign(state, { role: msg.role, roleReason: msg.reason })
        if (gained)
          terminal.control()
        break
      }
      case 'state':
        if (msg.reset)
          terminal.reset()
        Object.assign(state, {
          state: msg.state,
          message: msg.message,
          recordedAt: msg.recordedAt,
          recordedOn: msg.recordedOn,
          error: undefined,
        })
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

  const url = new URL(`/api/terminals/${encodeURIComponent(id)}`, location.href)
  url.protocol = url.protocol === 'https:'
    ? 'wss:'
    : 'ws:'
  // Reconnects after a server restart or a network blink until close(); closes with the scope.
  const socket = useWebSocket(url.href, {
    immediate: false,
    autoConnect: false,
    autoReconnect: { delay: 1000 },
    onConnected: () => {
      state.connected = true
      const secret = presenterSecret()
      send({
        type: 'hello',
        view,
        ...(secret
          ? { secret }
          : {}),
      })
    },
    onMessage: (_ws, e) => handle(JSON.parse(String(e.data)) as TerminalServerMessage),
    onDisconnected: () => Object.assign(state, { connected: false, role: 'watch', roleReason: 'disconnected' }),
  })

  // With no demo server at all (a static host), the recorded session plays here instead.
  const local = localShellReplay(id, handle)
  let offline = false
  async function connect(): Promise<void> {
    offline = !await demoServerAnswers()
    state.noServer = offline || undefined
    if (offline)
      state.connected = await local.open()
    else if (socket.status.value === 'CLOSED')
      socket.open()
  }

  /** Keys typed while the socket is down are dropped, not sent late to a shell that moved on. */
  function send(msg: TerminalClientMessage): void {
    socket.send(JSON.stringify(msg), false)
  }

  return {
    state,
    connect: () => void connect(),
    disconnect: () => offline
      ? local.close()
      : socket.close(),
    start: () => offline
      ? local.start()
      : send({ type: 'start' }),
    end: () => offline
      ? local.end()
      : send({ type: 'end' }),
    input: (data: string) => {
      if (state.role === 'control')
        send({ type: 'input', data })
    },
    resize: (cols: number, rows: number) => {
      if (state.role === 'control')
        send({ type: 'resize', cols, rows })
    },
  }
}
