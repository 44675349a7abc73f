// Which steps of a run may begin: every one (Run all), or, for a paced run, those the presenter
// has advanced to. Live runs and replays wait on the same gate before each step.
import type { Demo } from '../../demos/types'
import type { Refusal } from '../refusal'
import { refuse } from '../refusal'

export interface GateHooks {
  /** The run finished the steps it was allowed and waits for the presenter. */
  waiting?: () => void
  /** The presenter advanced: the run goes on. */
  resumed?: () => void
}

export class StepGate {
  private through: number
  private wake?: () => void

  /** Not paced: every step, back to back, as Run all does; paced: steps 0 to `untilStep` for now. */
  constructor(readonly paced: boolean, untilStep = 0, private readonly hooks: GateHooks = {}) {
    this.through = paced ? untilStep : Number.POSITIVE_INFINITY
  }

  /** The last step the run may run (Infinity for Run all). */
  get allowedThrough(): number {
    return this.through
  }

  /**
   * Lets the run go on through `step`. Asking for a step already allowed changes nothing, so two
   * windows sending the same click, or a click sent twice, run it once.
   */
  allow(step: number): void {
    if (step <= this.through)
      return
    this.through = step
    this.wake?.()
  }

  /** Resolves true once step `index` may begin, or false when `signal` aborts first. */
  async before(index: number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted)
      return false
    if (index <= this.through)
      return true
    this.hooks.waiting?.()
    const allowed = await new Promise<boolean>((resolve) => {
      const onAbort = (): void => resolve(false)
      signal.addEventListener('abort', onAbort, { once: true })
      this.wake = () => {
        if (index > this.through)
          return
        signal.removeEventListener('abort', onAbort)
        resolve(true)
      }
    })
    this.wake = undefined
    if (allowed)
      this.hooks.resumed?.()
    return allowed
  }
}

/**
 * A run's time limits. The demo's limit counts only while steps run, so a paced run does not run
 * out while the speaker talks; waiting for the next step has a limit of its own, after which the
 * run ends as Stop ends it (its containers removed), so a forgotten slide leaves nothing running.
 */
export class RunClock {
  private timer: ReturnType<typeof setTimeout> | undefined
  private leftMs: number
  private since = 0

  constructor(private readonly limitSec: number, private readonly idleSec: number, private readonly onLimit: (reason: string) => void) {
    this.leftMs = limitSec * 1000
  }

  running(): void {
    this.clear()
    this.since = Date.now()
    this.timer = setTimeout(() => this.onLimit(`time limit of ${this.limitSec} s reached`), this.leftMs)
  }

  waiting(): void {
    this.clear()
    this.leftMs -= Date.now() - this.since
    this.timer = setTimeout(() => this.onLimit(`no next step within ${this.idleSec} s`), this.idleSec * 1000)
  }

  clear(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }
}

/** A step the demo does not have, refused before anything starts. */
export function badStep(demo: Demo, step: number): Refusal | undefined {
  if (Number.isInteger(step) && step >= 0 && step < demo.steps.length)
    return undefined
  return refuse('bad step', `step must be a whole number from 0 to ${demo.steps.length - 1} for demo "${demo.id}"`)
}
