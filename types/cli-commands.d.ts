declare module 'virtual:cli-commands' {
  import type { CliCommand } from '../deck/cli-commands'

  const rows: CliCommand[]
  export default rows
}

declare module 'virtual:slide-demos' {
  /** The slides that show demos, in slide order. */
  const slides: { no: number, demos: string[] }[]
  export default slides
}
