// `npm run export -- <args>`, word for word, from the project's root. A failing test prints what the
// export printed: a missing file or a blank page says nothing of why. A printed deck asks no engine
// (its demos print their recordings), so the export runs with none: that is shown, and npm test can
// run it beside the tests that run demos, whose objects its server's sweeps would otherwise meet.
import { execFile } from 'node:child_process'
import process from 'node:process'
import { promisify } from 'node:util'
import { onTestFailed } from 'vitest'
import { PROJECT_ROOT } from '../../shared/paths'

export async function npmRunExport(args: string[]): Promise<void> {
  const { stdout, stderr } = await promisify(execFile)('npm', [
    'run',
    'export',
    '--',
    ...args,
  ], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
    timeout: 240_000,
  })
  onTestFailed(() => console.error(`npm run export printed:\n${stdout}${stderr}`))
}
