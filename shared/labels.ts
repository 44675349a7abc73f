// Every object the project makes carries these labels: cleanup finds ours by them, and the
// dashboard tells ours from anything else on the engine. TALK_INSTANCE separates two servers
// sharing one engine (parallel CI jobs, a test suite beside a running deck): each sweeps only its own.
import process from 'node:process'

export const LABEL = 'docker-talk.managed'
export const INSTANCE_LABEL = 'docker-talk.instance'
export const DEMO_LABEL = 'docker-talk.demo'
export const RUN_LABEL = 'docker-talk.run'
/** On the demo images the project builds (their content hash beside it). */
export const IMAGE_LABEL = 'docker-talk.image'

export const instance = process.env.TALK_INSTANCE ?? 'default'

/** The labels of a run's objects: this server instance's, or `of`'s (a test standing in for another deck). */
export function labelsFor(demoId: string, runId: string, of = instance): Record<string, string> {
  return {
    [LABEL]: 'true',
    [INSTANCE_LABEL]: of,
    [DEMO_LABEL]: demoId,
    [RUN_LABEL]: runId,
  }
}

/** Label conditions for list calls: one server instance's objects (this one's by default), or one demo's there. */
export function labelConditions(of: { instance?: string, demo?: string } = {}): string[] {
  return [
    `${LABEL}=true`,
    `${INSTANCE_LABEL}=${of.instance ?? instance}`,
    ...(of.demo
      ? [`${DEMO_LABEL}=${of.demo}`]
      : []),
  ]
}

/** Filter argument for list calls: only this instance's objects. */
export const managedFilter = JSON.stringify({
  label: labelConditions(),
})

/** The run label of a container created ahead of the click (prewarmed), not yet part of any run. */
export const prewarmRunId = (demoId: string): string => `prewarm-${demoId}`
export const isPrewarmRunId = (runId: string | undefined): boolean => runId?.startsWith('prewarm-') ?? false
