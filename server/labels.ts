// Every object the project makes carries these labels: cleanup finds ours by them, and the
// dashboard tells ours from anything else on the engine. TALK_INSTANCE separates two servers
// sharing one engine (parallel CI jobs, a test suite beside a running deck): each sweeps only its own.
export const LABEL = 'docker-talk.managed'
export const INSTANCE_LABEL = 'docker-talk.instance'
export const DEMO_LABEL = 'docker-talk.demo'
export const RUN_LABEL = 'docker-talk.run'

export const instance = process.env.TALK_INSTANCE ?? 'default'

export function labelsFor(demoId: string, runId: string): Record<string, string> {
  return { [LABEL]: 'true', [INSTANCE_LABEL]: instance, [DEMO_LABEL]: demoId, [RUN_LABEL]: runId }
}

/** Filter argument for list calls: only this instance's objects. */
export const managedFilter = JSON.stringify({ label: [`${LABEL}=true`, `${INSTANCE_LABEL}=${instance}`] })
