// `npm run export -- <args>`, word for word, from the project's root. A failing test prints what the
// export printed: a missing file or a blank page says nothing of why.
import { execFile } from 'node:child_process'
import process from 'node:process'
import { promisify } from 'node:util'
import { onTestFailed } from 'vitest'
import { PROJECT_ROOT } from '../../shared/paths'

/** What an export is given beyond the test's own environment (e.g. DOCKER_HOST, TALK_INSTANCE). */
export async function npmRunExport(args: string[], env: Record<string, string> = {}): Promise<void> {
  const { stdout, stderr } = await promisify(execFile)('npm', [
    'run',
    'export',
    '--',
    ...args,
  ], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      ...env,
    },
    timeout: 240_000,
  })
  onTestFailed(() => console.error(`npm run export printed:\n${stdout}${stderr}`))
}
