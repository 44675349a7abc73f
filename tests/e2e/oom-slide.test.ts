import { expect, it } from 'vitest'
import { inRun, runStartedBy } from '../support/demoRun'
import { expectNothingLeft } from '../support/engine'
import { slideOf } from '../support/slides'
import { useDeck } from '../support/useDeck'

const deck = useDeck()

it('the memory-limit slide shows the OOM kill the engine reports, not just exit 137', async () => {
  const page = await deck.browser.newPage({
    viewport: { width: 1280, height: 720 },
  })
  const errors: string[] = []
  page.on('pageerror', e => errors.push(e.message))
  await page.goto(`${deck.url}/${await slideOf('oom-kill')}`)
  const demo = page.locator('[data-demo="oom-kill"]')
  await demo.locator('.cli-line[data-cli="docker run --rm --memory 16m --memory-swap 16m talk/limits eat-memory"]').waitFor({ timeout: 90_000 })
  const run = inRun(demo, await runStartedBy(page, 'oom-kill', () => demo.locator('button.run').click()))
  await run.locator('.xterm-rows', { hasText: 'memory limit: 16 MiB' }).waitFor()
  const status = run.locator('[data-testid="status"]', { hasText: 'exit 137 · OOM-killed' })
  await status.waitFor()
  expect(await status.getAttribute('class')).toContain('oom')
  expect(errors).toEqual([])
  // Only oom-kill's: other files' windows on the shared deck may have prewarmed other demos.
  await expectNothingLeft({ instance: deck.instance, demo: 'oom-kill' })
})
