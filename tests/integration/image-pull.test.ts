// Demo images on an engine that can pull: the static busybox and the C compiler come from official
// images pinned by digest instead of the host. Here the "registry" is Debian's docker-registry (the
// binary talk/registry is built from, unpacked, not installed) on 127.0.0.1, used as a private
// engine's --registry-mirror, holding images this test pushed; the pinned references point at the
// pushed digests (TALK_BUSYBOX_IMAGE, TALK_GCC_IMAGE), as the real ones point at Docker Hub's.
import type { Buffer } from 'node:buffer'
import type { ChildProcess } from 'node:child_process'
import type { PrivateEngine } from '../support/privateEngine'
import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { PassThrough } from 'node:stream'
import { promisify } from 'node:util'
import { afterAll, expect, it } from 'vitest'
import { BUSYBOX, HELLO_C, imageDef, TOOLBOX } from '../../demos/images'
import { buildImage } from '../../demos/toolchain/build'
import { debianRegistry } from '../../demos/toolchain/debian-registry'
import { fileSource } from '../../demos/toolchain/pulled'
import { freePort } from '../../scripts/server-process'
import { labelsFor } from '../../shared/labels'
import { docker as shared } from '../support/engine'
import { startPrivateEngine } from '../support/privateEngine'

let registry: ChildProcess | undefined
let engine: PrivateEngine | undefined
let dir: string | undefined
const pushedTags: string[] = []
let registryAt = ''
afterAll(async () => {
  for (const tag of pushedTags) await shared.getImage(tag).remove().catch(() => {})
  await engine?.remove()
  if (registry && registry.exitCode === null) {
    registry.kill()
    await once(registry, 'exit')
  }
  if (dir)
    await rm(dir, { recursive: true, force: true })
})

/** Pushes a local image to the test's registry as library/<name>:pinned; resolves with its digest. */
async function pushAs(image: string, name: string): Promise<string> {
  const tag = `${registryAt}/library/${name}:pinned`
  await shared.getImage(image).tag({ repo: `${registryAt}/library/${name}`, tag: 'pinned' })
  pushedTags.push(tag)
  const pushed = await followed(await shared.getImage(tag).push({
    authconfig: { serveraddress: registryAt },
  }) as NodeJS.ReadableStream)
  expect(pushed.filter(e => e.error)).toEqual([])
  return pushed.find(e => e.aux?.Digest)!.aux!.Digest!
}

/** Runs `cmd` in `image` on the test's engine; resolves with its exit code and output. */
async function runIn(image: string, cmd: string[]): Promise<{ code: number, text: string }> {
  const out = new PassThrough()
  let text = ''
  out.on('data', (c: Buffer) => {
    text += c.toString()
  })
  const [result] = await engine!.docker.run(image, cmd, out, {
    HostConfig: { AutoRemove: true, NetworkMode: 'none' },
  }) as [{ StatusCode: number }]
  return {
    code: result.StatusCode,
    text: text.trim(),
  }
}

async function followed(stream: NodeJS.ReadableStream): Promise<{ aux?: { Digest?: string }, error?: string }[]> {
  return new Promise((resolve, reject) => shared.modem.followProgress(stream, (err: Error | null, events: { aux?: { Digest?: string }, error?: string }[]) => err
    ? reject(err)
    : resolve(events)))
}

it('this machine, which cannot pull, stages the host\'s files', async () => {
  expect(await fileSource(shared)).toBe('host')
})

it('an engine that can pull builds talk/busybox from the pinned busybox image, through a registry mirror', async () => {
  dir = await mkdtemp('/tmp/talk-registry-')
  const port = await freePort()
  await writeFile(join(dir, 'config.yml'), `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n`)
  registry = spawn(await debianRegistry(), [
    'serve',
    join(dir, 'config.yml'),
  ], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  await new Promise<void>((ready, fail) => {
    let log = ''
    registry!.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString()
      if (log.includes('listening on'))
        ready()
    })
    registry!.once('exit', code => fail(new Error(`docker-registry exited (${code}):\n${log}`)))
  })

  registryAt = `127.0.0.1:${port}`
  // The image the mirror serves: talk/busybox holds a static /bin/busybox, as the official image does.
  const digest = await pushAs(BUSYBOX, 'busybox')

  engine = await startPrivateEngine({
    args: [`--registry-mirror=http://127.0.0.1:${port}`],
  })
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
  const pulled = await engine.docker.listImages({
    filters: JSON.stringify({
      reference: ['busybox'],
    }),
  })
  expect(pulled.flatMap(i => i.RepoDigests ?? [])).toContain(`busybox@${digest}`)
  // ... and the demo image built from it runs.
  expect(await runIn(BUSYBOX, ['sh', '-c', 'echo built from $(readlink /bin/sh)'])).toEqual({ code: 0, text: 'built from /bin/busybox' })
})

it('the same engine builds talk/hello-c with the C program compiled in the pinned gcc image', async () => {
  // A stand-in for the official gcc image: this machine's toolchain (talk/toolbox) with what the
  // official one also has, a /tmp and the static C library.
  const context = await mkdtemp('/tmp/talk-gcc-')
  try {
    // Where this machine's gcc finds it; the toolbox holds the host's toolchain at the same paths.
    const libc = resolve((await promisify(execFile)('gcc', ['-print-file-name=libc.a'])).stdout.trim())
    await copyFile(libc, join(context, 'libc.a'))
    await writeFile(join(context, 'Dockerfile'), `FROM ${TOOLBOX}\nCOPY libc.a ${libc}\nWORKDIR /tmp\n`)
    await followed(await shared.buildImage({
      context,
      src: ['Dockerfile', 'libc.a'],
    }, {
      t: 'talk-test/gcc:pinned',
      labels: labelsFor('image-pull', 'image-pull'),
    }))
  }
  finally {
    await rm(context, { recursive: true, force: true })
  }
  pushedTags.push('talk-test/gcc:pinned')
  const digest = await pushAs('talk-test/gcc:pinned', 'gcc')

  process.env.TALK_IMAGE_SOURCE = 'pull'
  process.env.TALK_GCC_IMAGE = `gcc@${digest}`
  try {
    await buildImage(engine!.docker, imageDef(HELLO_C)!, () => {})
  }
  finally {
    delete process.env.TALK_IMAGE_SOURCE
    delete process.env.TALK_GCC_IMAGE
  }
  // Both programs were compiled in the pulled image; the static one runs in FROM scratch.
  expect(await runIn(HELLO_C, ['/hello-static'])).toEqual({ code: 0, text: 'hello from /hello-static' })
  expect((await engine!.docker.listImages({
    filters: JSON.stringify({
      reference: ['gcc'],
    }),
  })).flatMap(i => i.RepoDigests ?? [])).toContain(`gcc@${digest}`)
})
