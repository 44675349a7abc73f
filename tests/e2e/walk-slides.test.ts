import type { Page } from 'playwright-chromium'
// Walks the whole deck in Chromium, every slide and every click step, the way a speaker would,
// and fails on what a projector audience would notice: a console error, or content that spills
// out of the 980x552 slide canvas, or a code block too big for its box (clipped, scrolled), or a
// demo terminal too narrow for the output its recording holds.
import { expect, it } from 'vitest'
import { prewarmedContainers as prewarmed } from '../support/engine'
import { deckSlides, slideOf } from '../support/slides'
import { useDeck } from '../support/useDeck'

const CANVAS = { width: 980, height: 552 }

const deck = useDeck()

interface Nav { currentSlideNo: number, clicks: number, clicksTotal: number, total: number, go: (no: number, clicks?: number) => Promise<void> }
declare global { interface Window { __slidev__?: { nav: Nav } } }

/** Goes to a slide and click step and resolves once it is drawn: shown, no transition running, its demos loaded. */
async function show(page: Page, no: number, clicks: number): Promise<void> {
  await page.evaluate(([n, c]) => window.__slidev__!.nav.go(n, c), [no, clicks] as const)
  const pending = ([n, c]: readonly [number, number]): string => {
    const nav = window.__slidev__!.nav
    const slide = document.querySelector<HTMLElement>(`.slidev-page-${n}`)
    if (nav.currentSlideNo !== n || nav.clicks !== c)
      return `at slide ${nav.currentSlideNo} click ${nav.clicks}`
    if (!slide?.checkVisibility() || !slide.querySelector('.slidev-layout'))
      return 'slide not shown'
    if (document.querySelector('#slideshow [class*="-enter-active"], #slideshow [class*="-leave-active"]'))
      return 'transition running'
    // A demo's CLI lines arrive from the API after mount and change the slide's height.
    const loading = [
      ...slide.querySelectorAll('[data-demo]'),
    ].filter(d => !d.querySelector('.cli-line'))
    if (loading.length)
      return `demo ${loading.map(d => d.getAttribute('data-demo')).join(', ')} not loaded`
    return ''
  }
  try {
    await page.waitForFunction(`(${pending.toString()})(${JSON.stringify([no, clicks])}) === ''`, undefined, { timeout: 30_000 })
  }
  catch {
    throw new Error(`slide ${no} click ${clicks} not drawn within 30 s: ${await page.evaluate(pending, [no, clicks] as const)}`)
  }
}

/** What on the current slide lies outside the canvas or is a clipped code block, described for a human. */
function overflows(page: Page, no: number): Promise<string[]> {
  return page.evaluate((n) => {
    const slide = document.querySelector<HTMLElement>(`.slidev-page-${n}`)!
    const canvas = slide.getBoundingClientRect()
    const problems: string[] = []
    const name = (el: Element): string => {
      const cls = [...el.classList].filter(c => !c.startsWith('slidev-vclick')).slice(0, 2).map(c => `.${c}`).join('')
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)
      return `<${el.tagName.toLowerCase()}${cls}>${text
        ? ` "${text}"`
        : ''}`
    }
    // `clipped`: an ancestor inside the slide clips its overflow, so nothing below it can show
    // outside that ancestor's box, which is itself checked.
    const visit = (el: Element, clipped: boolean): void => {
      for (const child of el.children) {
        // Not shown at this click step (v-click), or not shown at all.
        if (!child.checkVisibility({ opacityProperty: true, visibilityProperty: true }))
          continue
        const r = child.getBoundingClientRect()
        if (!clipped && r.width > 1 && r.height > 1) {
          const out = [
            canvas.left - r.left,
            canvas.top - r.top,
            r.right - canvas.right,
            r.bottom - canvas.bottom,
          ].map(px => Math.round(px))
          if (out.some(px => px > 1)) {
            const [left, top, right, bottom] = out
            problems.push(`${name(child)} lies outside the slide (left ${left}, top ${top}, right ${right}, bottom ${bottom} px beyond)`)
            continue
          }
        }
        if (child.matches('pre, .slidev-code')) {
          const c = child as HTMLElement
          if (c.scrollWidth > c.clientWidth + 1 || c.scrollHeight > c.clientHeight + 1) {
            problems.push(`${name(child)} is clipped: content ${c.scrollWidth}x${c.scrollHeight} px in a ${c.clientWidth}x${c.clientHeight} px box`)
          }
          continue
        }
        // Inside an SVG or a terminal, content is laid out (and clipped) by its own box.
        if (child instanceof SVGElement || child.matches('.xterm'))
          continue
        const style = getComputedStyle(child)
        // A box as big as the slide (a layout's root) clips nothing the canvas would not.
        const wholeSlide = r.left <= canvas.left + 1 && r.top <= canvas.top + 1 && r.right >= canvas.right - 1 && r.bottom >= canvas.bottom - 1
        visit(child, clipped || (!wholeSlide && (style.overflowX !== 'visible' || style.overflowY !== 'visible')))
      }
    }
    visit(slide, false)
    // A demo's terminal has the columns its recorded output needs, so no line of it wraps.
    for (const term of slide.querySelectorAll<HTMLElement>('.terminal-output[data-needs]')) {
      const [has, needs] = [
        Number(term.dataset.cols),
        Number(term.dataset.needs),
      ]
      if (has < needs)
        problems.push(`${name(term.closest('[data-demo]') ?? term)}: a terminal of ${has} columns for output ${needs} wide`)
    }
    return problems
  }, no)
}

// Chromium aborts every request in flight when the host's IP addresses change, which they do
// whenever any demo on this engine creates or removes a network. That is the machine, not the
// deck: a slide whose loading was cut off that way is loaded again, a few times at most.
const NETWORK_CHANGED = /ERR_NETWORK_CHANGED/
const RELOADS = 5

/** Opens the deck at a slide, from scratch. */
async function open(page: Page, no: number): Promise<void> {
  await page.goto(`${deck.url}/${no}`, { waitUntil: 'domcontentloaded', timeout: 90_000 })
  // The first visit compiles the deck in Vite: slow on a busy machine.
  await page.locator(`.slidev-page-${no} .slidev-layout`).waitFor({ timeout: 90_000 })
  // Slide transitions only slow the walk down; with no duration they end on the next frame.
  await page.addStyleTag({ content: ':root { --slidev-transition-duration: 0s !important; }' })
}

/** The same problem at several click steps of one slide, said once: `slide 17 (clicks 0-4): …`. */
function onePerSlide(problems: string[]): string[] {
  const clicksOf = new Map<string, number[]>()
  for (const p of problems) {
    const [, no, clicks, what] = /^slide (\d+)(?: \(click (\d+)\))?: (.*)$/s.exec(p)!
    const key = `${no}\n${what}`
    clicksOf.set(key, [
      ...clicksOf.get(key) ?? [],
      Number(clicks ?? 0),
    ])
  }
  return [...clicksOf].map(([key, clicks]) => {
    const [no, what] = key.split('\n') as [string, string]
    const at = clicks.length === 1
      ? (clicks[0]
          ? ` (click ${clicks[0]})`
          : '')
      : ` (clicks ${clicks[0]}-${clicks.at(-1)})`
    return `slide ${no}${at}: ${what}`
  })
}

/** Every slide and click step, in order: what is wrong on each, and every console error on the way. */
async function walk(page: Page, slides: number[]): Promise<{ errors: string[], problems: string[], steps: number }> {
  let where = 'loading the deck'
  const errors: string[] = []
  const problems: string[] = []
  let steps = 0
  // Settles the visit in progress at once: what a network change cut off would only time out.
  let networkChanged: (() => void) | undefined
  page.on('console', (m) => {
    if (m.type() !== 'error')
      return
    errors.push(`${where}: console error: ${m.text()}`)
    if (NETWORK_CHANGED.test(m.text()))
      networkChanged?.()
  })
  page.on('pageerror', e => errors.push(`${where}: page error: ${e.message}`))
  let reloads = 0
  /** Runs `visit`; when the network changed meanwhile, forgets what it saw and runs it again after a reload. */
  let generation = 0
  const withReload = async (no: number, visit: (current: () => boolean) => Promise<void>): Promise<void> => {
    for (;;) {
      const [errorsBefore, problemsBefore] = [errors.length, problems.length]
      const mine = ++generation
      const visiting = visit(() => generation === mine)
      // Abandoned on a network change: its wait then fails when the page reloads, and that is expected.
      visiting.catch(() => {})
      const cutOff = new Promise<void>((resolve) => {
        networkChanged = resolve
      })
      const settled = visiting.then(() => undefined, (err: Error) => err)
      let failure = await Promise.race([
        settled,
        cutOff.then(() => 'cut off' as const),
      ])
      networkChanged = undefined
      if (reloads < RELOADS && errors.slice(errorsBefore).some(e => NETWORK_CHANGED.test(e))) {
        reloads++
        generation++
        errors.length = errorsBefore
        problems.length = problemsBefore
        where = `reloading slide ${no}`
        await open(page, no)
        continue
      }
      // Out of reloads: the visit goes on to its end, whatever that is.
      if (failure === 'cut off')
        failure = await settled
      if (failure)
        throw new Error(`${where}: ${failure.message}`)
      return
    }
  }
  await withReload(1, () => open(page, 1))
  for (const no of slides) {
    await withReload(no, async (current) => {
      for (let clicks = 0; current(); clicks++) {
        where = `slide ${no}${clicks
          ? ` (click ${clicks})`
          : ''}`
        await show(page, no, clicks)
        const found = await overflows(page, no)
        // A visit abandoned after a network change reports nothing.
        if (!current())
          return
        steps++
        for (const p of found) problems.push(`${where}: ${p}`)
        if (clicks >= await page.evaluate(() => window.__slidev__!.nav.clicksTotal))
          break
      }
    })
  }
  if (reloads)
    console.warn(`walk-slides: reloaded ${reloads} time(s) after the host's network changed`)
  return {
    errors,
    problems: onePerSlide(problems),
    steps,
  }
}

it('every slide and click step renders inside the canvas, without console errors', async () => {
  const slides = (await deckSlides()).map(s => s.no)
  const page = await deck.browser.newPage({ viewport: CANVAS })
  const result = await walk(page, slides)
  expect([
    ...result.errors,
    ...result.problems,
  ]).toEqual([])
  expect(await page.evaluate(() => window.__slidev__!.nav.total)).toBe(slides.length)
  expect(result.steps).toBeGreaterThanOrEqual(slides.length)

  // Prewarm tidies up after itself: after the whole deck, at most the current and the next demo
  // slide's containers are left created, named as the talk names its containers.
  expect((await prewarmed(deck.instance)).length).toBeLessThanOrEqual(2)
  const helloSlide = await slideOf('hello')
  // The answer to this visit's request: the walk's last slide may still have one under way.
  const told = page.waitForResponse(r => new URL(r.url()).pathname === '/api/prewarm'
    && (r.request().postDataJSON() as { demos: string[] }).demos.includes('hello'))
  await show(page, helloSlide, 0)
  const { prewarmed: ready } = await (await told).json() as { prewarmed: string[] }
  expect(ready).toContain('hello')
  const created = await prewarmed(deck.instance)
  expect(created.length).toBeLessThanOrEqual(2)
  expect(created.map(c => c.demo).sort()).toEqual([...ready].sort())
  for (const c of created) expect(c.name).toMatch(new RegExp(`^/talk-${c.demo}-prewarmed-[0-9a-f]{8}$`))

  // The check itself finds what it is meant to find: content pushed off the canvas, a clipped code block.
  await show(page, 1, 0)
  await page.evaluate(() => {
    const layout = document.querySelector('.slidev-page-1 .slidev-layout')!
    layout.insertAdjacentHTML('beforeend', `<pre class="walk-probe" style="width:200px;height:40px;overflow:auto">${'x'.repeat(400)}</pre>`
    + `<div class="walk-probe" style="position:absolute;left:900px;top:500px;width:200px;height:100px">off the edge</div>`)
  })
  const found = await overflows(page, 1)
  await page.evaluate(() => document.querySelectorAll('.walk-probe').forEach(e => e.remove()))
  expect(found).toEqual([
    expect.stringMatching(/^<pre\.walk-probe> "x+" is clipped: content \d+x\d+ px in a \d+x\d+ px box$/),
    expect.stringMatching(/^<div\.walk-probe> "off the edge" lies outside the slide \(left -\d+, top -\d+, right \d+, bottom \d+ px beyond\)$/),
  ])
}, 300_000) // a walk takes well under a minute; the rest is for reloads after network changes

it('the agenda links to each section, and the CLI table links each command to the slides that ran it', async () => {
  const slides = await deckSlides()
  const page = await deck.browser.newPage({ viewport: CANVAS })
  const agenda = slides.find(s => /<Link to="/.test(s.content))!
  await open(page, agenda.no)
  const links = page.locator(`.slidev-page-${agenda.no} a[href]`)
  const aliases = (await links.evaluateAll(as => as.map(a => new URL((a as HTMLAnchorElement).href).pathname.slice(1))))
  expect(aliases.length).toBeGreaterThanOrEqual(10)
  for (const alias of aliases) {
    const target = slides.find(s => s.routeAlias === alias)
    expect(target, `agenda entry "${alias}" names a section`).toBeDefined()
    await page.evaluate(no => window.__slidev__!.nav.go(no), agenda.no)
    await page.locator(`.slidev-page-${agenda.no} a[href$="/${alias}"]`).click()
    await page.waitForFunction(no => window.__slidev__!.nav.currentSlideNo === no, target!.no)
  }

  // `docker port` runs on one slide only: the one showing the network-publish demo.
  const publish = slides.find(s => s.demos.includes('network-publish'))!.no
  const tables = slides.filter(s => /<CliTable\b/.test(s.content))
  expect(tables.length).toBeGreaterThan(0)
  const rows: Record<string, { table: number, links: string[] }> = {}
  for (const t of tables) {
    await show(page, t.no, 0)
    for (const row of await page.locator(`.slidev-page-${t.no} tr[data-command]`).all()) {
      rows[(await row.getAttribute('data-command'))!] = { table: t.no, links: await row.locator('td').last().locator('a').allInnerTexts() }
    }
  }
  expect(rows['docker port']?.links).toEqual([
    String(publish),
  ])
  expect(rows['docker run']?.links).toContain(String(slides.find(s => s.demos.includes('hello'))!.no))
  // A link jumps to the slide.
  await show(page, rows['docker port']!.table, 0)
  await page.locator(`.slidev-page-${rows['docker port']!.table} tr[data-command="docker port"] a`).click()
  await page.waitForFunction(no => window.__slidev__!.nav.currentSlideNo === no, publish)
})
