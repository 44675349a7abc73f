// A live run: the demo's steps on the engine, with its state, its time limit and its end published
// on the demo's channel.
import { randomUUID } from 'node:crypto'
import type Docker from 'dockerode'
import type { Demo } from '../../demos/types'
import type { RunState } from '../../shared/protocol'
import type { Channel } from './channel'
import { describeEngineError, isEngineDown } from '../engine/client'
import { errorMessage } from '../engine/io'
import { executeDemo } from './execute'
import type { Prewarmed } from './objects'
import type { ActiveRun } from './run'
import { openRun, publishEnd } from './run'

export interface LiveRunOptions {
  docker: Docker
  demo: Demo
  channel: Channel
  timeoutSec: number
  prewarmed?: Prewarmed
  /** The time limit passed: the registry ends the run the way Stop does. */
  onTimeLimit: (run: ActiveRun, reason: string) => void
  /** Something of the run may be left on the engine: the next start sweeps first. */
  onLeftovers: () => void
}

export function startLive(o: LiveRunOptions): ActiveRun {
  const runId = randomUUID()
  const out = openRun(o.channel, { runId, demoId: o.demo.id, at: Date.now() })
  const controller = new AbortController()
  let abandoned = false
  const setState = (state: RunState): void => out.publish('status', { state, at: Date.now() })
  const fail = (message: string): void => {
    o.onLeftovers()
    out.publish('status', { state: 'failed', at: Date.now(), message })
    out.publish('error', { error: message })
  }
  setState('queued')
  const timer = setTimeout(() => o.onTimeLimit(run, `time limit of ${o.timeoutSec} s reached`), o.timeoutSec * 1000)

  const done = (async () => {
    setState('creating')
    try {
      const exit = await executeDemo(o.docker, o.demo, runId, {
        emit: out.publish,
        running: () => setState('running'),
        cleanupFailed: o.onLeftovers,
      }, controller.signal, o.prewarmed)
      if (abandoned) return
      const stopped = controller.signal.aborted
      const reason = stopped ? String(controller.signal.reason) : undefined
      // Steps that start no process of their own (create, rm, ...) succeed with 0; a run stopped
      // before any container exited reports what `docker stop` gives a killed process.
      publishEnd(out.publish, { code: exit?.code ?? (stopped ? 137 : 0), oomKilled: exit?.oomKilled ?? false, stopped, ...(reason ? { reason } : {}) })
    }
    catch (err) {
      if (abandoned) return
      fail(isEngineDown(err) ? `${describeEngineError(err)} during the run` : errorMessage(err))
    }
    finally {
      clearTimeout(timer)
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
      clearTimeout(timer)
    },
    get abandoned() { return abandoned },
  }
  return run
}
