import type { BuildProgress } from './build'
import { Buffer } from 'node:buffer'
// BuildKit's progress, as `docker build --progress=plain` prints it. The engine streams it as
// `moby.buildkit.trace` aux messages: base64 protobuf StatusResponses, decoded with protobufjs and
// the schema dockerode ships (the one its own followProgress decodes with).
import { createRequire } from 'node:module'
import protobuf from 'protobufjs'

interface Timestamp { seconds: string, nanos: number }
interface Vertex { digest: string, name: string, cached: boolean, started?: Timestamp, completed?: Timestamp, error: string }
interface VertexLog { vertex: string, msg: Uint8Array }
interface StatusResponse { vertexes: Vertex[], logs: VertexLog[] }

let statusType: protobuf.Type | undefined
function decodeStatus(base64: string): StatusResponse {
  statusType ??= protobuf.loadSync(createRequire(import.meta.url).resolve('dockerode/lib/proto/buildkit_status.proto'))
    .lookupType('moby.buildkit.v1.StatusResponse')
  const message = statusType.decode(Buffer.from(base64, 'base64'))
  return statusType.toObject(message, { longs: String, defaults: true }) as StatusResponse
}

const seconds = (t: Timestamp): number => Number(t.seconds) + t.nanos / 1e9

/**
 * Follows one build's trace: numbers the vertexes in the order they start (#1, #2, … as the CLI
 * does) and turns each change into progress. Dockerfile steps (`[2/5] RUN …`) also become step,
 * cached and finished events; the rest (`[internal] load …`, `exporting to image`) only text.
 */
export function buildkitTracer(): (aux: string) => BuildProgress[] {
  // A vertex is numbered and named when it starts (or is found cached), as the CLI prints it.
  const announced = new Map<string, { n: number, step?: number, done: boolean }>()
  return (aux) => {
    const out: BuildProgress[] = []
    const status = decodeStatus(aux)
    for (const v of status.vertexes) {
      let state = announced.get(v.digest)
      if (!state) {
        if (!v.started && !v.cached && !v.completed)
          continue
        const step = /^\[(\d+)\/(\d+)\] (.*)$/s.exec(v.name)
        state = {
          n: announced.size + 1,
          step: step
            ? Number(step[1])
            : undefined,
          done: false,
        }
        announced.set(v.digest, state)
        if (step) {
          out.push({
            kind: 'step',
            text: `#${state.n} ${v.name}`,
            step: state.step!,
            total: Number(step[2]),
            instruction: step[3]!.trim(),
          })
        }
        else {
          out.push({ kind: 'output', text: `#${state.n} ${v.name}` })
        }
      }
      if (state.done)
        continue
      if (v.cached) {
        state.done = true
        out.push(state.step
          ? { kind: 'cached', text: `#${state.n} CACHED`, step: state.step }
          : { kind: 'output', text: `#${state.n} CACHED` })
      }
      else if (v.error) {
        state.done = true
        out.push({ kind: 'output', text: `#${state.n} ERROR: ${v.error}` })
      }
      else if (v.completed && v.started) {
        state.done = true
        const took = Math.max(0, seconds(v.completed) - seconds(v.started))
        const text = `#${state.n} DONE ${took.toFixed(1)}s`
        out.push(state.step
          ? {
              kind: 'finished',
              text,
              step: state.step,
              seconds: took,
            }
          : { kind: 'output', text })
      }
    }
    for (const log of status.logs) {
      const n = announced.get(log.vertex)?.n ?? 0
      for (const line of Buffer.from(log.msg).toString('utf8').split('\n')) {
        if (line.trim())
          out.push({ kind: 'output', text: `#${n} ${line.trimEnd()}` })
      }
    }
    return out
  }
}
