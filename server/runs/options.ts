// What a run registry may hold and for how long, and what it reports it holds.
export interface RegistryOptions {
  /** Output kept per demo for late joiners; older output is dropped first. */
  historyBytes: number
  maxConcurrentRuns: number
  defaultTimeoutSec: number
  /**
   * How long Stop waits for the engine to end a run. A hung engine never answers the kill: past
   * this the run is ended for the speaker, and its objects go once the engine answers again.
   */
  stopGraceMs: number
  /**
   * How long a paced run waits for the presenter's next step before it ends as Stop ends it, its
   * containers removed (a slide left without Stop, a closed presenter window).
   */
  pacedIdleSec: number
}

export const DEFAULT_REGISTRY_OPTIONS: RegistryOptions = {
  historyBytes: 1024 * 1024,
  maxConcurrentRuns: 6,
  defaultTimeoutSec: 30,
  stopGraceMs: 5_000,
  pacedIdleSec: 15 * 60,
}

export interface RegistryStats {
  /** Runs not yet exited, stopped or failed. */
  activeRuns: number
  /** Event-stream clients across every demo's channel. */
  subscribers: number
  /** Containers created ahead of a click and not yet used. */
  prewarmed: number
}
