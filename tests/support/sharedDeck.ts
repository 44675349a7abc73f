// globalSetup of the e2e project: one deck with the default environment for every file that needs
// no deck of its own (useDeck()). A slidev start and Vite's first compile of the deck cost tens of
// seconds each; paid once per run instead of once per file.
import type { TestProject } from 'vitest/node'
import { startDeck } from '../../scripts/deck-process'
import { instance } from '../../shared/labels'

export interface SharedDeck {
  url: string
  instance: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    sharedDeck: SharedDeck
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // An instance label of its own: files that start a deck of their own on this engine (or
  // `npm start`, `npm run export`) sweep their instance's objects at start and at exit, which
  // would take this deck's prewarmed containers from under it while it still counts on them.
  const deck = await startDeck({
    env: { TALK_INSTANCE: `${instance}-shared` },
  })
  project.provide('sharedDeck', { url: deck.url, instance: deck.instance })
  return deck.stop
}
