declare module 'virtual:cli-commands' {
  import type { CliCommand } from '../deck/cli-commands'

  const rows: CliCommand[]
  export default rows
}

declare module 'virtual:slide-demos' {
  import type { SlideDemos } from '../shared/slide-demos'

  /** The slides that show demos, in slide order. */
  const slides: SlideDemos[]
  export default slides
}

declare module 'virtual:demo-lines' {
  import type { DemoLine } from '../deck/cli-lines'

  /** Every catalog demo's and shell session's CLI lines with the safety flags the server adds, by id. */
  const lines: Record<string, DemoLine[]>
  export default lines
}

declare module 'virtual:output-widths' {
  /** Terminal columns each recorded demo's output needs not to wrap, by demo id. */
  const widths: Record<string, number>
  export default widths
}

declare module 'virtual:cli-highlight' {
  import type { Token } from '../deck/highlight'

  /** Each catalog CLI line as shiki tokens with their light and dark colours. */
  const lines: Record<string, Token[]>
  export default lines
}

declare module 'virtual:time-model' {
  import type { TimeModel } from '../composables/timePlan'

  const model: TimeModel
  export default model
}

declare module 'virtual:paced-demos' {
  /** Ids of the catalog's demos that run one step per click (Demo.paced). */
  const ids: string[]
  export default ids
}
