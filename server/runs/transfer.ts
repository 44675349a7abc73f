// A registry demo's verbs: tag, push, pull, rmi and `images --digests` against a registry a
// container of the run publishes on loopback. Output as the docker CLI prints it; every name made
// is handed to `track`, so the run removes it (and the sweep, after a crash: demos/images.ts PUSHED_REF).
import type Docker from 'dockerode'
import type { StepContext } from '../../demos/types'
import { PUSHED_REF as REF } from '../../demos/images'
import { table } from './cli-format'

interface Progress { status?: string, id?: string, error?: string, errorDetail?: { message?: string } }

type Transfer = Pick<StepContext, 'registryTag' | 'push' | 'pull' | 'rmi' | 'imagesDigests' | 'repoDigest'>

function checked(ref: string): string {
  if (!REF.test(ref))
    throw new Error(`demo bug: "${ref}" is not a loopback registry's demo/ repository`)
  return ref
}

export function transferSteps(docker: Docker, print: (text: string) => void, track: (ref: string) => void): Transfer {
  /** Follows a push or pull as the CLI shows it once done: one final line per layer, the rest as it comes. */
  const follow = (stream: NodeJS.ReadableStream): Promise<void> => new Promise((resolve, reject) => {
    const layers = new Map<string, string>()
    const flush = (): void => {
      print([...layers].map(([id, status]) => `${id}: ${status}\n`).join(''))
      layers.clear()
    }
    docker.modem.followProgress(stream, (err: Error | null) => {
      flush()
      if (err)
        reject(err)
      else resolve()
    }, (e: Progress) => {
      if (e.error)
        return reject(new Error(e.errorDetail?.message ?? e.error))
      if (e.id && e.status && !e.status.startsWith('Pulling from'))
        return void layers.set(e.id, e.status)
      flush()
      if (e.status) {
        print(`${e.id
          ? `${e.id}: `
          : ''}${e.status}\n`)
      }
    })
  })
  const name = (ref: string): { repo: string, tag: string } => {
    const at = ref.lastIndexOf(':')
    return {
      repo: ref.slice(0, at),
      tag: ref.slice(at + 1),
    }
  }
  return {
    registryTag: async (source, ref) => {
      await docker.getImage(source).tag(name(checked(ref)))
      track(ref)
    },
    push: async (ref) => {
      const { tag } = name(checked(ref))
      await follow(await docker.getImage(ref).push({ tag, authconfig: {} }) as NodeJS.ReadableStream)
    },
    pull: async (ref) => {
      track(checked(ref))
      await follow(await docker.pull(ref, { authconfig: {} }) as NodeJS.ReadableStream)
      // Since Docker 20.10 the CLI ends a pull with the full reference it pulled.
      print(`${ref}\n`)
    },
    rmi: async (ref) => {
      const removed = await docker.getImage(checked(ref)).remove() as { Untagged?: string, Deleted?: string }[]
      print(removed.map(r => r.Untagged
        ? `Untagged: ${r.Untagged}\n`
        : `Deleted: ${r.Deleted}\n`).join(''))
    },
    imagesDigests: async (repo) => {
      checked(repo)
      const rows: string[][] = []
      // The containerd image store lists each name as an image of its own, whose manifest digest is
      // its Descriptor's (API 1.48+), as the CLI shows it, and an image pulled by digest under that
      // digest reference; the classic store has RepoDigests only.
      for (const image of await docker.listImages({ digests: true }) as (Docker.ImageInfo & { Descriptor?: { digest?: string } })[]) {
        const tags = (image.RepoTags ?? []).filter(t => t.startsWith(`${repo}:`)).map(t => t.slice(repo.length + 1))
        const byDigest = [
          ...image.RepoTags ?? [],
          ...image.RepoDigests ?? [],
        ].find(d => d.startsWith(`${repo}@`))?.slice(repo.length + 1)
        const digest = byDigest ?? (tags.length ? image.Descriptor?.digest : undefined)
        if (!tags.length && !digest)
          continue
        for (const tag of tags.length
          ? tags
          : ['<none>']) rows.push([tag, digest ?? '<none>'])
      }
      print(table([
        ['TAG', 'DIGEST'],
        ...rows,
      ]))
    },
    repoDigest: async (ref) => {
      const digests = (await docker.getImage(checked(ref)).inspect()).RepoDigests ?? []
      const { repo } = name(ref)
      const found = digests.find(d => d.startsWith(`${repo}@`))
      if (!found)
        throw new Error(`${ref} has no digest from ${repo}: push it first`)
      return found
    },
  }
}
