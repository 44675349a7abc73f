// The dashboard's Stop/Remove act on the container the server inspected and checked (its full
// id), not on the name the browser sent: no gap between the check and the act for the name to
// pass to another container in.
import type Docker from 'dockerode'
import { expect, it } from 'vitest'
import { actOnOwnContainer } from '../../server/dashboard/ownership'
import { labelsFor } from '../../shared/labels'

it('stops and removes by the inspected id', async () => {
  const acted: string[] = []
  const id = 'a'.repeat(64)
  const docker = {
    getContainer: (ref: string) => ({
      inspect: async () => ({
        Id: id,
        Name: '/talk-hello-1',
        Config: {
          Labels: labelsFor('hello', 'r1'),
        },
      }),
      stop: async () => { acted.push(`stop ${ref}`) },
      remove: async () => { acted.push(`remove ${ref}`) },
    }),
  } as unknown as Docker
  await actOnOwnContainer(docker, 'talk-hello-1', 'stop')
  await actOnOwnContainer(docker, 'talk-hello-1', 'remove')
  expect(acted).toEqual([`stop ${id}`, `remove ${id}`])
})

it('refuses, as a value and without acting, a malformed id, a prefix and a container of someone else', async () => {
  const acted: string[] = []
  const docker = {
    getContainer: (ref: string) => ({
      inspect: async () => ({
        Id: 'b'.repeat(64),
        Name: ref === 'web'
          ? '/web'
          : '/other',
        Config: {
          Labels: { 'com.example': 'theirs' },
        },
      }),
      stop: async () => { acted.push(`stop ${ref}`) },
      remove: async () => { acted.push(`remove ${ref}`) },
    }),
  } as unknown as Docker
  expect(await actOnOwnContainer(docker, '../x', 'stop')).toMatchObject({ refused: 'malformed id' })
  expect(await actOnOwnContainer(docker, 'bbbb', 'stop')).toMatchObject({ refused: 'no such container' })
  expect(await actOnOwnContainer(docker, 'web', 'remove')).toMatchObject({ refused: 'not ours' })
  expect(acted).toEqual([])
})
