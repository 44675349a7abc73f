// One queue per demo: a task starts once the demo's previous task has settled, whatever its outcome.

export type Serialize = <T>(id: string, task: () => Promise<T>) => Promise<T>

export function perDemoQueue(): Serialize {
  const locks = new Map<string, Promise<unknown>>()
  return <T>(id: string, task: () => Promise<T>): Promise<T> => {
    const previous = locks.get(id) ?? Promise.resolve()
    const next = previous.then(task, task)
    locks.set(id, next.catch(() => {}))
    return next
  }
}
