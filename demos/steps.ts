import type { DemoStep, ExitInfo, StepContext } from './types'
// Step constructors. Each derives its CLI line from the same values it runs with,
// so what the slide shows is what the engine does. The catalog imports them all from here.
export * from './container-steps'
export * from './image-steps'
export * from './network-volume-steps'

/** A step whose effect has no single docker command; its CLI line is given explicitly. */
export function custom(cli: string, run: (ctx: StepContext) => Promise<ExitInfo | void>): DemoStep {
  return { cli, run }
}
