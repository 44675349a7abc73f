// No engine answers (DOCKER_HOST points at a dead socket): opening a demo slide starts nothing, Run
// replays the demo's recording, clearly labelled, and the presenter sees that the engine is offline.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, it } from 'vitest'
import { parseRecording, recordedOutput } from '../../demos/recording'
import { parseShellRecording, shellOutput } from '../../demos/shell-recording'
import { slideMatching, slideOf } from '../support/slides'
import { terminalText } from '../support/terminal'
import { useDeck } from '../support/useDeck'

const deck = useDeck({
  env: { DOCKER_HOST: 'unix:///nonexistent.sock' },
})

it('replays the recording, labelled, in the presenter and the audience window', async () => {
  const recording = parseRecording(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../demos/recordings/hello.json'), 'utf8')))
  const no = await slideOf('hello')
  const errors: string[] = []
  const presenter = await deck.browser.newPage({
    viewport: { width: 1280, height: 800 },
  })
  const audience = await deck.browser.newPage({
    viewport: { width: 1280, height: 720 },
  })
  for (const page of [presenter, audience]) page.on('pageerror', e => errors.push(e.message))
  await presenter.goto(`${deck.url}/presenter/${no}`)
  await audience.goto(`${deck.url}/${no}`)

  await presenter.locator('[data-testid="presenter-engine"]', { hasText: 'engine offline' }).waitFor()
  await presenter.locator('[data-demo-ready="hello"]', { hasText: 'replay' }).waitFor()

  // Opening the slides started nothing.
  expect(await (await presenter.request.get(`${deck.url}/api/demos/hello`)).json()).toMatchObject({ run: null })
  await presenter.locator('[data-demo="hello"] button.run').first().click()
  const demo = audience.locator('[data-demo="hello"]')
  const label = demo.locator('[data-testid="replay"]')
  await label.waitFor()
  expect(await label.textContent()).toMatch(/^replay: engine offline · recorded \d{1,2} \w{3} \d{4} on Docker \d+\.\d+\.\d\S*$/)
  await demo.locator('[data-testid="status"]', { hasText: 'exit 0' }).waitFor()
  const shown = await terminalText(demo)
  for (const line of recordedOutput(recording, 'stdout').trim().split('\n'))
    expect(shown).toContain(line.trimEnd())
  expect(await presenter.locator('[data-demo="hello"] [data-testid="replay"]').first().textContent()).toBe(await label.textContent())
  expect(errors).toEqual([])
})

it('the live shell with no engine replays its recorded session in every window, marked as recorded', async () => {
  const recording = parseShellRecording(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../demos/recordings/shells/shell.json'), 'utf8')))
  const no = await slideMatching(/<ContainerTerminal\b/)
  const open = async (path: string) => {
    const page = await deck.browser.newPage({
      viewport: { width: 1280, height: 800 },
    })
    // A cold Vite compile on a busy machine can take longer than goto's default.
    await page.goto(`${deck.url}${path}`, { timeout: 90_000 })
    return page.locator(`.slidev-page-${no} [data-terminal="shell"]`).first()
  }
  const presenter = await open(`/presenter/${no}`)
  const audience = await open(`/${no}`)
  await presenter.page().locator(`.slidev-page-${no} [data-terminal="shell"][data-role="control"]`).first().waitFor()
  await presenter.locator('button.start').first().click()
  // The server plays the recording: both windows show it, with its date, to its last line (42).
  for (const shell of [presenter, audience]) {
    const label = shell.getByTestId('recorded')
    await label.waitFor()
    expect(await label.textContent()).toMatch(/^replay: engine offline · recorded \d{1,2} \w{3} \d{4} on Docker \d+\.\d+\.\d\S*$/)
    await shell.locator('.xterm-rows', { hasText: /^.*42.*$/m }).waitFor()
    // Playwright's Locator.innerText: the rows as rendered, one line each (not the DOM property).
    // eslint-disable-next-line unicorn/prefer-dom-node-text-content
    expect(await shell.locator('.xterm-rows').innerText()).toContain('uid=1000(speaker)')
  }
  expect(shellOutput(recording)).toContain('uid=1000(speaker)')
})
