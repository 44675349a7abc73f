import type { ActiveRun } from './run'
import { setTimeout as delay } from 'node:timers/promises'
import { isActive } from './run'

/** Stops the run and waits for its end, for as long as the engine may take to answer. */
export async function endRun(run: ActiveRun, reason: string, stopGraceMs: number): Promise<void> {
  if (run.abandoned)
    return
  if (isActive(run))
    run.stop(reason)
  const grace = new AbortController()
  const ended = await Promise.race([
    run.done.then(() => true),
    delay(stopGraceMs, false, { signal: grace.signal }).catch(() => false),
  ])
  grace.abort()
  if (!ended)
    run.abandon(`Docker engine did not answer within ${stopGraceMs / 1000} s of the stop; the run's containers are removed once it answers`)
}
