import { describe, expect, it } from 'vitest'
import { cachedFor } from '../../server/engine/state'

describe('cachedFor (the engine state behind /api/health)', () => {
  it('computes once for callers while it runs and for ttl after, then again', async () => {
    let now = 0
    let calls = 0
    let finish!: (n: number) => void
    const get = cachedFor(1000, () => {
      calls++
      return new Promise<number>((resolve) => {
        finish = resolve
      })
    }, () => now)
    const waiting = [
      get(),
      get(),
      get(),
    ]
    expect(calls).toBe(1)
    finish(7)
    expect(await Promise.all(waiting)).toEqual([7, 7, 7])
    now += 999
    expect(await get()).toBe(7)
    expect(calls).toBe(1)
    now += 1
    const next = get()
    expect(calls).toBe(2)
    finish(8)
    expect(await next).toBe(8)
  })

  it('gives a caller that asks for a fresh value the computation under way, or a new one', async () => {
    let now = 0
    let calls = 0
    const get = cachedFor(1000, async () => ++calls, () => now)
    expect(await get()).toBe(1)
    expect(await get()).toBe(1)
    expect(await get(0)).toBe(2)
    const [a, b] = [
      get(0),
      get(0),
    ]
    expect(await Promise.all([a, b])).toEqual([3, 3])
    now += 500
    expect(await get()).toBe(3)
  })

  it('keeps a failure for ttl too (an engine that is down is not asked by every poll), then retries', async () => {
    let now = 0
    let calls = 0
    const get = cachedFor(1000, async () => {
      calls++
      throw new Error(`down ${calls}`)
    }, () => now)
    await expect(get()).rejects.toThrow('down 1')
    await expect(get()).rejects.toThrow('down 1')
    now += 1000
    await expect(get()).rejects.toThrow('down 2')
  })
})
