// Carries out one run of a demo: its steps in order, each under its CLI line, with every object
// it makes labelled, tracked and removed when the run ends, however it ends.
import type Docker from 'dockerode'
import type { Demo, ExitInfo } from '../../demos/types'
import type { StreamEvents } from '../../shared/protocol'
import type { Prewarmed } from './objects'
import type { StepGate } from './pacing'
import type { RunSink } from './step-scope'
import { OutputCoalescer } from './coalesce'
import { RunObjects } from './objects'
import { stepContext } from './step-context'

export async function executeDemo(
  docker: Docker,
  demo: Demo,
  runId: string,
  sink: RunSink,
  signal: AbortSignal,
  gate: StepGate,
  prewarmed?: Prewarmed,
): Promise<ExitInfo | undefined> {
  const out = coalescing(sink)
  const objects = new RunObjects(docker, { demo: demo.id, run: runId }, prewarmed)
  const context = stepContext({ docker, objects, sink: out, signal })
  let last: ExitInfo | undefined
  try {
    // A paced run waits here for the presenter, its containers and variables kept as they are.
    for (const [index, step] of demo.steps.entries()) {
      if (index > gate.allowedThrough)
        out.flush()
      if (!await gate.before(index, signal))
        break
      out.emit('step', { index, cli: step.cli })
      last = await step.run(context) ?? last
    }
    return last
  }
  catch (err) {
    // A stop or time limit interrupts whatever engine call was in flight; that is not a failure.
    if (signal.aborted)
      return last
    throw err
  }
  finally {
    // The run's end (exit, status) is published by the registry: the output goes out before it.
    out.flush()
    await objects.removeAll().catch(sink.cleanupFailed)
  }
}

/**
 * The run's sink with its output coalesced (coalesce.ts): stdout and stderr queue up within one
 * event-loop turn, and any other event first sends what is queued, so order is kept.
 */
function coalescing(sink: RunSink): RunSink & { flush: () => void } {
  const output = new OutputCoalescer((stream, text) => sink.emit(stream, { text }))
  return {
    emit: (event, data) => {
      if (event === 'stdout' || event === 'stderr')
        return output.write(event, (data as StreamEvents['stdout']).text)
      output.flush()
      sink.emit(event, data)
    },
    running: () => {
      output.flush()
      sink.running()
    },
    cleanupFailed: sink.cleanupFailed,
    flush: () => output.flush(),
  }
}
