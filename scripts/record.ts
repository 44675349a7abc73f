import type { Recording } from '../demos/recording'
import type { ShellRecording } from '../demos/shell-recording'
// `npm run record [id ...]`: runs every catalog demo (or the given ones) on the real engine, one
// after the other, and writes demos/recordings/<id>.json; a shell session's script (the live shell
// slide) goes to demos/recordings/shells/<id>.json. The recordings are what the deck replays
// when no engine answers and what the PDF export prints; tests/unit/recordings.test.ts keeps them
// in step with the catalog.
import { mkdir, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import process from 'node:process'
import { catalog, shellSessionsById } from '../demos/catalog'
import { engineHealth } from '../server/engine/client'
import { recordRun } from '../server/runs/record-run'
import { createRuntime } from '../server/runtime'
import { recordShell } from '../server/shell/record'

const RECORDINGS_DIR = resolve(import.meta.dirname, '../demos/recordings')

/** Pretty at the top, one event per line: diffs of a re-recording stay readable. */
function formatRecording(recording: Recording | ShellRecording): string {
  const { events, ...meta } = recording
  const head = JSON.stringify(meta, null, 2).slice(0, -2)
  const lines = events.map(e => `    ${JSON.stringify(e)}`).join(',\n')
  return `${head},\n  "events": [\n${lines}\n  ]\n}\n`
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2)
  const unknown = wanted.filter(id => !catalog.some(d => d.id === id) && !shellSessionsById.has(id))
  if (unknown.length)
    throw new Error(`unknown demo(s) or shell session(s): ${unknown.join(', ')}`)
  const demos = catalog.filter(d => d.recording !== false && (wanted.length === 0 || wanted.includes(d.id)))
  const shells = [
    ...shellSessionsById.values(),
  ].filter(s => s.recordScript && (wanted.length === 0 || wanted.includes(s.id)))

  const runtime = await createRuntime()
  try {
    const health = await engineHealth(runtime.docker)
    if (!health.reachable)
      throw new Error(`cannot record: ${health.error}`)
    const engine = {
      version: health.version ?? 'unknown',
      ...(health.apiVersion
        ? { apiVersion: health.apiVersion }
        : {}),
    }
    await mkdir(RECORDINGS_DIR, { recursive: true })
    let failed = 0
    for (const demo of demos) {
      const recording = await recordRun(runtime.registry, demo, engine)
      if ('error' in recording.end) {
        failed++
        console.error(`✗ ${demo.id}: ${recording.end.error} (not written; did you run npm run demos:prepare?)`)
        continue
      }
      await writeFile(resolve(RECORDINGS_DIR, `${demo.id}.json`), formatRecording(recording))
      const exit = recording.end.exit
      console.log(`✓ ${demo.id}: exit ${exit.code}${exit.stopped ? ' (stopped)' : ''}, ${recording.events.length} events, ${(recording.durationMs / 1000).toFixed(1)} s${recording.truncatedBytes
        ? `, ${recording.truncatedBytes} bytes truncated`
        : ''}`)
    }
    await mkdir(resolve(RECORDINGS_DIR, 'shells'), { recursive: true })
    for (const def of shells) {
      const recording = await recordShell(runtime.docker, def, { version: engine.version })
      await writeFile(resolve(RECORDINGS_DIR, 'shells', `${def.id}.json`), formatRecording(recording))
      console.log(`✓ shell ${def.id}: ${recording.events.length} events, ${(recording.durationMs / 1000).toFixed(1)} s`)
    }
    if (failed)
      process.exitCode = 1
  }
  finally {
    await runtime.shutdown()
  }
}

main().then(() => process.exit(), (err: unknown) => {
  console.error((err as Error).message)
  process.exit(1)
})
