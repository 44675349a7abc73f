// With no engine, the slide says so instead of spinning (Run replays the recording, labelled as a
// replay because the engine is offline); opening a demo slide never starts a run.
import { expect, it } from 'vitest'
import { slideOf } from '../support/slides'
import { useDeck } from '../support/useDeck'

const deck = useDeck({ env: { DOCKER_HOST: 'unix:///tmp/no-engine-here.sock' } })

it('says the engine is offline on Run, and does not start anything on its own', async () => {
  const page = await deck.browser.newPage({ viewport: { width: 1280, height: 720 } })
  await page.goto(`${deck.url}/${await slideOf('hello')}`)
  const demo = page.locator('[data-demo="hello"]')
  await demo.locator('.cli-line', { hasText: 'docker run' }).waitFor()
  expect(await (await page.request.get(`${deck.url}/api/demos/hello`)).json()).toMatchObject({ run: null })
  await demo.locator('button.run').click()
  await demo.locator('[data-testid="replay"]', { hasText: 'replay: engine offline' }).waitFor()
  await demo.locator('[data-testid="status"]', { hasText: 'exit 0' }).waitFor()
})
