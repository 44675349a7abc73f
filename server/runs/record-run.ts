import type { Recording } from '../../demos/recording'
// Runs one demo through the registry, exactly as a click on Run would, and records its channel:
// `npm run record` writes what this returns, `npm run rehearse` compares it with what was written.
import type { Demo } from '../../demos/types'
import type { RunRegistry } from './registry'
import { Recorder } from '../../demos/recording'
import { isRefusal } from '../refusal'

export async function recordRun(registry: RunRegistry, demo: Demo, engine: Recording['engine']): Promise<Recording> {
  const stopAfterSec = demo.recording ? demo.recording.stopAfterSec : undefined
  let recorder: Recorder | undefined
  let stopTimer: NodeJS.Timeout | undefined
  let unsubscribe = (): void => {}
  // A channel hands a new subscriber the previous run's history synchronously; only what comes
  // after subscribe returns belongs to the run started below.
  let live = false
  const ended = new Promise<void>((resolveEnded) => {
    unsubscribe = registry.channel(demo.id).subscribe((message) => {
      if (!live)
        return
      if (message.event === 'run') {
        recorder = new Recorder(message.data.at)
        return
      }
      if (!recorder)
        return // the previous run's last events, published while it is being replaced
      if (message.event === 'status' && message.data.state === 'running' && stopAfterSec)
        stopTimer ??= setTimeout(() => void registry.stop(demo.id), stopAfterSec * 1000)
      if (recorder.add(message.event, message.data))
        resolveEnded()
    })
    live = true
  })
  try {
    const started = await registry.start(demo.id)
    if (isRefusal(started))
      throw new Error(`${demo.id}: ${started.message}`)
    await ended
  }
  finally {
    clearTimeout(stopTimer)
    unsubscribe()
  }
  return recorder!.finish({
    demoId: demo.id,
    title: demo.title,
    cli: demo.steps.map(s => s.cli),
    engine,
  })
}
