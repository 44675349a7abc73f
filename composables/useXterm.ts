import type { ITerminalInitOnlyOptions, ITerminalOptions } from '@xterm/xterm'
import type { Ref } from 'vue'
import { useResizeObserver } from '@vueuse/core'
// One xterm.js terminal for a component: the talk's font and colours, opened in `el` once mounted,
// refitted as it resizes (by default to the element; `refit` says otherwise), disposed with it.
import { FitAddon } from '@xterm/addon-fit'
import { Terminal } from '@xterm/xterm'
import { onBeforeUnmount, onMounted } from 'vue'
import '@xterm/xterm/css/xterm.css'

const THEME = { background: '#0f172a', foreground: '#e2e8f0' }

export function useXterm(el: Ref<HTMLElement | undefined>, options: ITerminalOptions & ITerminalInitOnlyOptions, refit: (fit: FitAddon) => void = fit => fit.fit()) {
  const term = new Terminal({
    fontSize: 14,
    fontFamily: '"Fira Code", "JetBrains Mono", Menlo, Consolas, monospace',
    ...options,
    theme: {
      ...THEME,
      ...options.theme,
    },
  })
  const fitAddon = new FitAddon()
  term.loadAddon(fitAddon)
  const fit = (): void => fitAddon.fit()

  onMounted(() => {
    term.open(el.value!)
    refit(fitAddon)
  })
  useResizeObserver(el, () => refit(fitAddon))
  onBeforeUnmount(() => term.dispose())

  /** Plain text of the whole buffer, for copy and tests. */
  function text(): string {
    const buffer = term.buffer.active
    const lines: string[] = []
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '')
    return lines.join('\n').trimEnd()
  }

  return { term, fit, text }
}
