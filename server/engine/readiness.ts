// Which demos can run live on this engine, and one line that says so at start: a demo that cannot
// (its image not built, no engine) is named with the reason and the fix, never left to surprise.
import type Docker from 'dockerode'
import type { Demo } from '../../demos/types'

function tagged(image: string): string {
  return image.includes(':')
    ? image
    : `${image}:latest`
}

/** Demos whose images are all on the engine. */
export async function readyDemos(docker: Docker, catalog: readonly Demo[]): Promise<string[]> {
  const tags = new Set((await docker.listImages()).flatMap(i => i.RepoTags ?? []))
  return catalog.filter(d => d.images.every(image => tags.has(tagged(image)))).map(d => d.id)
}

export interface NotReady {
  /** Why the engine cannot run any demo; undefined when it answers. */
  engineError?: string
  /** Image name -> why it is not built (first line of the build's error). */
  imageErrors: ReadonlyMap<string, string>
}

/**
 * One line: "all 44 demos run live", or how many do and, per cause, which demos replay their
 * recordings instead, with the cause's own fix.
 */
export function readinessLine(catalog: readonly Demo[], ready: readonly string[], why: NotReady): string {
  const total = catalog.length
  if (why.engineError)
    return `[docker-talk] demos: none of ${total} run live (${why.engineError}); they replay their recordings`
  const notLive = catalog.filter(d => !ready.includes(d.id))
  if (notLive.length === 0)
    return `[docker-talk] demos: all ${total} run live`
  const byCause = new Map<string, string[]>()
  for (const demo of notLive) {
    const missing = demo.images.find(image => why.imageErrors.has(image)) ?? demo.images[0] ?? '?'
    const cause = `${missing}: ${why.imageErrors.get(missing) ?? 'not built (npm run demos:prepare)'}`
    byCause.set(cause, [
      ...byCause.get(cause) ?? [],
      demo.id,
    ])
  }
  const causes = [...byCause].map(([cause, ids]) => `${ids.join(', ')} (${cause})`)
  return `[docker-talk] demos: ${total - notLive.length} of ${total} run live; these replay their recordings: ${causes.join('; ')}`
}
