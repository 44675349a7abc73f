declare module 'virtual:cli-commands' {
  import type { CliCommand } from '../deck/cli-commands'

  const rows: CliCommand[]
  export default rows
}
