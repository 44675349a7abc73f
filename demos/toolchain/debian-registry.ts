import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
// talk/registry's program: Debian's docker-registry (the CNCF Distribution project), taken out of
// its .deb rather than installed. Installing the package would also enable its system service,
// which listens on port 5000 of every interface at every boot; the talk needs only the binary.
import process from 'node:process'
import { promisify } from 'node:util'
import { PROJECT_ROOT } from '../../shared/paths'

const exec = promisify(execFile)

/** Where the package is unpacked (gitignored with the rest of .cache/). */
export const REGISTRY_UNPACKED = resolve(PROJECT_ROOT, '.cache/debian/docker-registry')
/** The program's path inside the package, and so inside the image. */
export const REGISTRY_PROGRAM = '/usr/bin/docker-registry'

/**
 * The unpacked docker-registry binary: `apt-get download` (no root, no install) and `dpkg-deb -x`
 * the first time, the unpacked copy after that.
 */
export async function debianRegistry(): Promise<string> {
  const program = join(REGISTRY_UNPACKED, REGISTRY_PROGRAM)
  if (await stat(program).catch(() => undefined))
    return program
  if (process.platform !== 'linux')
    throw new Error('talk/registry takes docker-registry out of a Debian package; on this machine it cannot be built (its demo replays its recording)')
  await mkdir(resolve(REGISTRY_UNPACKED, '..'), { recursive: true })
  const tmp = await mkdtemp(`${REGISTRY_UNPACKED}.tmp-`)
  try {
    await exec('apt-get', ['download', 'docker-registry'], { cwd: tmp })
    const deb = (await readdir(tmp)).find(name => name.endsWith('.deb'))
    if (!deb)
      throw new Error('apt-get download gave no .deb')
    await exec('dpkg-deb', [
      '-x',
      join(tmp, deb),
      join(tmp, 'root'),
    ])
    // Renamed into place whole, so an interrupted unpack is never taken for a finished one. A setup
    // for another engine at the same time may have put its copy there first: that one stays.
    await rename(join(tmp, 'root'), REGISTRY_UNPACKED).catch(async () => {
      if (await stat(program).catch(() => undefined))
        return
      await rm(REGISTRY_UNPACKED, { recursive: true, force: true })
      await rename(join(tmp, 'root'), REGISTRY_UNPACKED)
    })
  }
  catch (err) {
    throw new Error(`could not take docker-registry out of its Debian package (apt-get download docker-registry; after sudo apt-get update if apt has no package lists): ${(err as Error).message.split('\n')[0]}`)
  }
  finally {
    await rm(tmp, { recursive: true, force: true })
  }
  return program
}
