import { execFile } from 'node:child_process'
// Builds a demo's C program on this machine at prepare time, so an image can hold a real ELF binary
// with no registry and no compiler image. The output is deterministic (stripped, build-id from the
// content), so an unchanged source keeps the image's context hash and the image is not rebuilt.
import process from 'node:process'
import { promisify } from 'node:util'

const exec = promisify(execFile)

export async function compileC(source: string, output: string, linkStatic: boolean): Promise<void> {
  const cc = process.env.CC ?? 'gcc'
  const args = [
    '-Os',
    '-s',
    ...linkStatic
      ? ['-static']
      : [],
    '-o',
    output,
    source,
  ]
  try {
    await exec(cc, args)
  }
  catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string }
    if (e.code === 'ENOENT') {
      throw new Error(`${cc} not found: the ${output.split('/').pop()} demo binary is compiled on this machine. `
        + 'On Debian/Ubuntu: `sudo apt-get install gcc libc6-dev`; elsewhere set CC to a C compiler for your Docker engine\'s Linux architecture.')
    }
    throw new Error(`${cc} ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`)
  }
}
