import type Docker from 'dockerode'
import { Buffer } from 'node:buffer'
// Where a registry is reachable (Docker Desktop at home, the night before the talk), the files the
// demo images are built from come from official images pinned by digest instead of this machine:
// a static busybox, and a C compiler for talk/hello-c. Pulled by the engine, they match its own
// architecture, so macOS and arm64 engines need nothing installed on the host. Where nothing can
// be pulled, the host's files are used (static-busybox.ts, compile-c.ts).
import { readFile, writeFile } from 'node:fs/promises'
import process from 'node:process'
import { labelsFor } from '../../shared/labels'
import { findStaticBusybox } from './static-busybox'

/** Multi-arch image indexes; TALK_BUSYBOX_IMAGE and TALK_GCC_IMAGE override them (tests: a local registry). */
export function pinned(): { busybox: string, gcc: string } {
  return {
    busybox: process.env.TALK_BUSYBOX_IMAGE || 'busybox:1.36.1-musl@sha256:2f9af5cf39068ec3a9e124feceaa11910c511e23a1670dcfdff0bc16793545fb',
    gcc: process.env.TALK_GCC_IMAGE || 'gcc:14@sha256:9188ac751ca24431dc43dbd142a223c98ea74f01d2858e84d30ba342a0d67844',
  }
}

export type FileSource = 'host' | 'pull'

const ENGINE_ARCH: Record<string, string> = {
  x86_64: 'x64',
  amd64: 'x64',
  aarch64: 'arm64',
  arm64: 'arm64',
}

/**
 * TALK_IMAGE_SOURCE=host|pull picks one. Otherwise the host's files, when this is a Linux machine
 * of the engine's architecture with a static busybox; else the pinned images.
 */
export async function fileSource(docker: Docker): Promise<FileSource> {
  const forced = process.env.TALK_IMAGE_SOURCE
  if (forced === 'host' || forced === 'pull')
    return forced
  if (process.platform !== 'linux')
    return 'pull'
  const { Architecture } = await docker.info() as { Architecture: string }
  if (ENGINE_ARCH[Architecture] !== process.arch)
    return 'pull'
  return findStaticBusybox().then(() => 'host' as const, () => 'pull' as const)
}

async function pull(docker: Docker, image: string): Promise<void> {
  try {
    const stream = await docker.pull(image)
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (err: Error | null, events: { error?: string }[]) => {
        const failed = err?.message ?? events.find(e => e.error)?.error
        if (failed)
          reject(new Error(failed))
        else resolve()
      })
    })
  }
  catch (err) {
    throw new Error(`could not pull ${image} (${(err as Error).message.trim()}): with no registry, install the host's files instead (Debian/Ubuntu: sudo apt-get install busybox-static gcc libc6-dev)`)
  }
}

/** The one regular file in a tar stream from GET /containers/{id}/archive (ustar; pax headers skipped). */
function fileInTar(tar: Buffer): Buffer {
  for (let at = 0; at + 512 <= tar.length;) {
    const size = Number.parseInt(tar.subarray(at + 124, at + 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8)
    const type = String.fromCharCode(tar[at + 156]!)
    if (type === '0' || type === '\0')
      return tar.subarray(at + 512, at + 512 + size)
    at += 512 + Math.ceil(size / 512) * 512
  }
  throw new Error('no file in the archive')
}

/** Runs `cmd` in a container of `image` (no network), then copies `paths` out of it to `outputs`. */
async function runAndCopy(docker: Docker, image: string, cmd: string[] | undefined, env: string[], paths: Record<string, string>): Promise<void> {
  await pull(docker, image)
  const container = await docker.createContainer({
    Image: image,
    Env: env,
    Labels: labelsFor('prepare', 'prepare'),
    HostConfig: { NetworkMode: 'none' },
    ...(cmd
      ? { Cmd: cmd }
      : {}),
  })
  try {
    if (cmd) {
      await container.start()
      const { StatusCode } = await container.wait() as { StatusCode: number }
      if (StatusCode !== 0)
        throw new Error(`${cmd.join(' ')} in ${image} exited ${StatusCode}: ${(await container.logs({ stdout: true, stderr: true })).toString().trim()}`)
    }
    for (const [path, output] of Object.entries(paths)) {
      const stream = await container.getArchive({ path })
      const chunks: Buffer[] = []
      for await (const chunk of stream) chunks.push(chunk as Buffer)
      await writeFile(output, fileInTar(Buffer.concat(chunks)), { mode: 0o755 })
    }
  }
  finally {
    await container.remove({ force: true })
  }
}

export async function busyboxFromImage(docker: Docker, output: string): Promise<void> {
  await runAndCopy(docker, pinned().busybox, undefined, [], { '/bin/busybox': output })
}

/** Compiles one C file in the pinned gcc image, statically linked or not, as compile-c.ts does on the host. */
export async function compileInImage(docker: Docker, source: string, output: string, linkStatic: boolean): Promise<void> {
  const flags = [
    '-Os',
    '-s',
    ...linkStatic
      ? ['-static']
      : [],
  ].join(' ')
  await runAndCopy(docker, pinned().gcc, ['sh', '-c', `printf '%s' "$SRC" > /tmp/prog.c && gcc ${flags} -o /tmp/prog /tmp/prog.c`], [`SRC=${await readFile(source, 'utf8')}`], { '/tmp/prog': output })
}
