// Demo images on an engine that can pull: the static busybox comes from an official image pinned
// by digest instead of the host. Here the "registry" is Debian's docker-registry on 127.0.0.1, used
// as a private engine's --registry-mirror, holding a busybox image this test pushed; the pinned
// reference points at the pushed digest (TALK_BUSYBOX_IMAGE), as the real one points at Docker Hub's.
import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, expect, it } from 'vitest'
import { BUSYBOX, imageDef } from '../../demos/images'
import { buildImage } from '../../demos/toolchain/build'
import { fileSource } from '../../demos/toolchain/pulled'
import { freePort } from '../../scripts/server-process'
import { docker as shared } from '../support/engine'
import type { PrivateEngine } from '../support/privateEngine'
import { startPrivateEngine } from '../support/privateEngine'

let registry: ChildProcess | undefined
let engine: PrivateEngine | undefined
let dir: string | undefined
let pushedTag: string | undefined
afterAll(async () => {
  if (pushedTag) await shared.getImage(pushedTag).remove().catch(() => {})
  await engine?.remove()
  if (registry && registry.exitCode === null) {
    registry.kill()
    await once(registry, 'exit')
  }
  if (dir) await rm(dir, { recursive: true, force: true })
})

async function followed(stream: NodeJS.ReadableStream): Promise<{ aux?: { Digest?: string }, error?: string }[]> {
  return new Promise((resolve, reject) => shared.modem.followProgress(stream, (err: Error | null, events: { aux?: { Digest?: string }, error?: string }[]) => err ? reject(err) : resolve(events)))
}

it('this machine, which cannot pull, stages the host\'s files', async () => {
  expect(await fileSource(shared)).toBe('host')
})

it('an engine that can pull builds talk/busybox from the pinned busybox image, through a registry mirror', async () => {
  dir = await mkdtemp('/tmp/talk-registry-')
  const port = await freePort()
  await writeFile(join(dir, 'config.yml'), `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n`)
  registry = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'] })
  await new Promise<void>((ready, fail) => {
    let log = ''
    registry!.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString()
      if (log.includes('listening on')) ready()
    })
    registry!.once('exit', code => fail(new Error(`docker-registry exited (${code}):\n${log}`)))
  })

  // The image the mirror serves: talk/busybox holds a static /bin/busybox, as the official image does.
  pushedTag = `127.0.0.1:${port}/library/busybox:pinned`
  await shared.getImage(BUSYBOX).tag({ repo: `127.0.0.1:${port}/library/busybox`, tag: 'pinned' })
  const pushed = await followed(await shared.getImage(pushedTag).push({ authconfig: { serveraddress: `127.0.0.1:${port}` } }) as NodeJS.ReadableStream)
  expect(pushed.filter(e => e.error)).toEqual([])
  const digest = pushed.find(e => e.aux?.Digest)!.aux!.Digest!

  engine = await startPrivateEngine({ args: [`--registry-mirror=http://127.0.0.1:${port}`] })
  process.env.TALK_IMAGE_SOURCE = 'pull'
  process.env.TALK_BUSYBOX_IMAGE = `busybox@${digest}`
  try {
    await buildImage(engine.docker, imageDef(BUSYBOX)!, () => {})
  }
  finally {
    delete process.env.TALK_IMAGE_SOURCE
    delete process.env.TALK_BUSYBOX_IMAGE
  }
  // Pulled by digest through the mirror (the private engine reaches no other registry) ...
  const pulled = await engine.docker.listImages({ filters: JSON.stringify({ reference: ['busybox'] }) })
  expect(pulled.flatMap(i => i.RepoDigests ?? [])).toContain(`busybox@${digest}`)
  // ... and the demo image built from it runs.
  const out = new PassThrough()
  let text = ''
  out.on('data', (c: Buffer) => { text += c.toString() })
  const [result] = await engine.docker.run(BUSYBOX, ['sh', '-c', 'echo built from $(readlink /bin/sh)'], out, { HostConfig: { AutoRemove: true, NetworkMode: 'none' } }) as [{ StatusCode: number }]
  expect(result.StatusCode).toBe(0)
  expect(text.trim()).toBe('built from /bin/busybox')
})
