// Reads a demo's whole terminal buffer, scrollback included (xterm's DOM shows only the visible
// rows). Works on the dev server, where Vue links elements to their component instances.
import type { Locator } from 'playwright-chromium'

export function terminalText(demo: Locator): Promise<string> {
  return demo.locator('.terminal-output').evaluate((el) => {
    const instance = (el as { __vueParentComponent?: { exposed?: { text?: () => string } } }).__vueParentComponent
    const text = instance?.exposed?.text
    if (!text)
      throw new Error('TerminalOutput instance not reachable (dev build only)')
    return text()
  })
}
