// The server's status lines (start, audience address, cleanup): the presenter reads them in the
// terminal, and tests wait for them on stdout. Warnings and errors go to stderr (console.warn/error).
import process from 'node:process'

/** Prints one status line on stdout, as console.log does. */
export function info(line: string): void {
  process.stdout.write(`${line}\n`)
}
