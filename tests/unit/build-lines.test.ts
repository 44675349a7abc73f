import { describe, expect, it } from 'vitest'
import { classifyBuildLine } from '../../demos/toolchain/build'

describe('classifyBuildLine (the classic builder\'s output)', () => {
  it('reads step n/total and the instruction', () => {
    expect(classifyBuildLine('Step 3/9 : COPY index.html ./www/', 2)).toEqual({
      kind: 'step',
      text: 'Step 3/9 : COPY index.html ./www/',
      step: 3,
      total: 9,
      instruction: 'COPY index.html ./www/',
    })
  })
  it('marks a cache hit on the current step', () => {
    expect(classifyBuildLine(' ---> Using cache', 4)).toMatchObject({ kind: 'cached', step: 4 })
  })
  it('passes anything else through as output', () => {
    expect(classifyBuildLine(' ---> Running in 38ca71b2b3b4', 4)).toEqual({ kind: 'output', text: ' ---> Running in 38ca71b2b3b4' })
    expect(classifyBuildLine('echo Using cache', 4).kind).toBe('output')
  })
})
