import type Docker from 'dockerode'
// What the numbers were measured on: they mean little without the machine and the versions.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, loadavg, release, totalmem } from 'node:os'
import { resolve } from 'node:path'
import process from 'node:process'
import { promisify } from 'node:util'

const ROOT = resolve(import.meta.dirname, '..')

async function output(cmd: string, args: string[]): Promise<string> {
  try {
    return (await promisify(execFile)(cmd, args)).stdout.trim()
  }
  catch { return 'n/a' }
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(resolve(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version
  }
  catch { return 'n/a' }
}

export async function describeMachine(docker: Docker): Promise<[string, string][]> {
  const engine = await docker.version()
  return [
    ['CPU', `${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores`],
    ['memory', `${(totalmem() / 1024 ** 3).toFixed(1)} GB`],
    [
      'kernel',
      release(),
    ],
    [
      'load average at start (1 min)',
      loadavg()[0]!.toFixed(2),
    ],
    ['Node.js', process.version],
    ['Docker engine', `${engine.Version} (API ${engine.ApiVersion})`],
    ['docker CLI', await output('docker', ['version', '--format', '{{.Client.Version}}'])],
    [
      'dockerode',
      packageVersion('dockerode'),
    ],
    [
      'Slidev',
      packageVersion('@slidev/cli'),
    ],
    ['Chromium', await output(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'])],
  ]
}
