// Every object the project makes carries LABEL, which is how cleanup finds it and how
// the dashboard tells ours from anything else on the engine.
export const LABEL = 'docker-talk.managed'
export const DEMO_LABEL = 'docker-talk.demo'
export const RUN_LABEL = 'docker-talk.run'

export function labelsFor(demoId: string, runId: string): Record<string, string> {
  return { [LABEL]: 'true', [DEMO_LABEL]: demoId, [RUN_LABEL]: runId }
}

/** Filter argument for list calls: only the project's objects. */
export const managedFilter = JSON.stringify({ label: [`${LABEL}=true`] })
