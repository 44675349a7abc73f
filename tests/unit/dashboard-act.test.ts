// The dashboard's Stop/Remove act on the container the server inspected and checked (its full
// id), not on the name the browser sent: no gap between the check and the act for the name to
// pass to another container in.
import type Docker from 'dockerode'
import { expect, it } from 'vitest'
import { actOnOwnContainer } from '../../server/dashboard/watch'
import { labelsFor } from '../../shared/labels'

it('stops and removes by the inspected id', async () => {
  const acted: string[] = []
  const id = 'a'.repeat(64)
  const docker = {
    getContainer: (ref: string) => ({
      inspect: async () => ({ Id: id, Name: '/talk-hello-1', Config: { Labels: labelsFor('hello', 'r1') } }),
      stop: async () => { acted.push(`stop ${ref}`) },
      remove: async () => { acted.push(`remove ${ref}`) },
    }),
  } as unknown as Docker
  await actOnOwnContainer(docker, 'talk-hello-1', 'stop')
  await actOnOwnContainer(docker, 'talk-hello-1', 'remove')
  expect(acted).toEqual([`stop ${id}`, `remove ${id}`])
})
