import type Docker from 'dockerode'
import type { Demo } from '../../demos/types'
import type { RunState } from '../../shared/protocol'
import type { Channel } from './channel'
import type { Prewarmed } from './objects'
import type { ActiveRun } from './run'
// A live run: the demo's steps on the engine, with its state, its time limit and its end published
// on the demo's channel.
import { randomUUID } from 'node:crypto'
import { describeEngineError, isEngineDown } from '../engine/client'
import { errorMessage } from '../engine/io'
import { executeDemo } from './execute'
import { RunClock, StepGate } from './pacing'
import { openRun, publishEnd } from './run'

export interface LiveRunOptions {
  docker: Docker
  demo: Demo
  channel: Channel
  timeoutSec: number
  /** A paced run: steps 0 to `untilStep` now, each next one when the presenter advances. */
  paced?: { untilStep: number, idleSec: number }
  prewarmed?: Prewarmed
  /** The time limit passed: the registry ends the run the way Stop does. */
  onTimeLimit: (run: ActiveRun, reason: string) => void
  /** Something of the run may be left on the engine: the next start sweeps first. */
  onLeftovers: () => void
}

export function startLive(o: LiveRunOptions): ActiveRun {
  const runId = randomUUID()
  const out = openRun(o.channel, {
    runId,
    demoId: o.demo.id,
    at: Date.now(),
  })
  const controller = new AbortController()
  let abandoned = false
  const setState = (state: RunState): void => out.publish('status', {
    state,
    at: Date.now(),
  })
  const fail = (message: string): void => {
    o.onLeftovers()
    out.publish('status', {
      state: 'failed',
      at: Date.now(),
      message,
    })
    out.publish('error', { error: message })
  }
  setState('queued')
  // The clock calls back only once the run is under way, by when `run` below is set.
  // eslint-disable-next-line ts/no-use-before-define
  const clock = new RunClock(o.timeoutSec, o.paced?.idleSec ?? 0, reason => o.onTimeLimit(run, reason))
  const gate = new StepGate(o.paced !== undefined, o.paced?.untilStep, {
    waiting: () => {
      clock.waiting()
      out.publish('waiting', { next: gate.allowedThrough + 1 })
    },
    resumed: () => clock.running(),
  })
  clock.running()

  const done = (async () => {
    setState('creating')
    try {
      const exit = await executeDemo(o.docker, o.demo, runId, {
        emit: out.publish,
        running: () => setState('running'),
        cleanupFailed: o.onLeftovers,
      }, controller.signal, gate, o.prewarmed)
      if (abandoned)
        return
      const stopped = controller.signal.aborted
      const reason = stopped
        ? String(controller.signal.reason)
        : undefined
      // Steps that start no process of their own (create, rm, ...) succeed with 0; a run stopped
      // before any container exited reports what `docker stop` gives a killed process.
      publishEnd(out.publish, {
        code: exit?.code ?? (stopped ? 137 : 0),
        oomKilled: exit?.oomKilled ?? false,
        stopped,
        ...(reason
          ? { reason }
          : {}),
      })
    }
    catch (err) {
      if (abandoned)
        return
      fail(isEngineDown(err)
        ? `${describeEngineError(err)} during the run`
        : errorMessage(err))
    }
    finally {
      clock.clear()
    }
  })()

  const run: ActiveRun = {
    info: out.info,
    done,
    stop: reason => controller.abort(reason),
    abandon: (message) => {
      fail(message)
      abandoned = true
      out.close()
      clock.clear()
    },
    gate,
    get abandoned() { return abandoned },
  }
  return run
}
