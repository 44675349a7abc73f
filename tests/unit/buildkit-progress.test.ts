// BuildKit's trace as the engine sends it (base64 protobuf StatusResponses, encoded here with the
// same schema), turned into `--progress=plain` lines and step events.
import { Buffer } from 'node:buffer'
import { createRequire } from 'node:module'
import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { buildkitTracer } from '../../demos/toolchain/buildkit-progress'

const StatusResponse = protobuf.loadSync(createRequire(import.meta.url).resolve('dockerode/lib/proto/buildkit_status.proto')).lookupType('moby.buildkit.v1.StatusResponse')
function at(s: number) {
  return {
    seconds: 1_700_000_000 + Math.floor(s),
    nanos: Math.round((s % 1) * 1e9),
  }
}
const aux = (status: object): string => Buffer.from(StatusResponse.encode(StatusResponse.fromObject(status)).finish()).toString('base64')

describe('buildkitTracer', () => {
  it('names a vertex when it starts, numbers it in start order, and times it when it completes', () => {
    const trace = buildkitTracer()
    // Announced but not started: nothing yet.
    expect(trace(aux({
      vertexes: [
        { digest: 'sha256:a', name: '[2/3] RUN make' },
      ],
    }))).toEqual([])
    expect(trace(aux({
      vertexes: [
        {
          digest: 'sha256:i',
          name: '[internal] load metadata',
          started: at(0),
          completed: at(0.04),
        },
      ],
    }))).toEqual([
      { kind: 'output', text: '#1 [internal] load metadata' },
      { kind: 'output', text: '#1 DONE 0.0s' },
    ])
    expect(trace(aux({
      vertexes: [
        {
          digest: 'sha256:a',
          name: '[2/3] RUN make',
          started: at(1),
        },
      ],
    }))).toEqual([
      {
        kind: 'step',
        text: '#2 [2/3] RUN make',
        step: 2,
        total: 3,
        instruction: 'RUN make',
      },
    ])
    expect(trace(aux({
      logs: [
        {
          vertex: 'sha256:a',
          msg: Buffer.from('cc -o hello hello.c\nok\n'),
        },
      ],
    }))).toEqual([
      { kind: 'output', text: '#2 cc -o hello hello.c' },
      { kind: 'output', text: '#2 ok' },
    ])
    const done = trace(aux({
      vertexes: [
        {
          digest: 'sha256:a',
          name: '[2/3] RUN make',
          started: at(1),
          completed: at(2.5),
        },
      ],
    }))
    expect(done).toMatchObject([
      { kind: 'finished', text: '#2 DONE 1.5s', step: 2 },
    ])
    expect((done[0] as { seconds: number }).seconds).toBeCloseTo(1.5)
    // A vertex already reported is not reported again.
    expect(trace(aux({
      vertexes: [
        {
          digest: 'sha256:a',
          name: '[2/3] RUN make',
          started: at(1),
          completed: at(2.5),
        },
      ],
    }))).toEqual([])
  })

  it('reports a cache hit as CACHED on its step, and an error as such', () => {
    const trace = buildkitTracer()
    expect(trace(aux({
      vertexes: [
        { digest: 'sha256:c', name: '[3/3] COPY . /', cached: true },
      ],
    }))).toEqual([
      {
        kind: 'step',
        text: '#1 [3/3] COPY . /',
        step: 3,
        total: 3,
        instruction: 'COPY . /',
      },
      { kind: 'cached', text: '#1 CACHED', step: 3 },
    ])
    expect(trace(aux({
      vertexes: [
        {
          digest: 'sha256:e',
          name: '[2/3] RUN false',
          started: at(0),
          completed: at(1),
          error: 'exit code: 1',
        },
      ],
    }))).toEqual([
      {
        kind: 'step',
        text: '#2 [2/3] RUN false',
        step: 2,
        total: 3,
        instruction: 'RUN false',
      },
      { kind: 'output', text: '#2 ERROR: exit code: 1' },
    ])
  })
})
