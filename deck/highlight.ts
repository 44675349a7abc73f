// Every CLI line of the demo catalog highlighted at build time with shiki, in the deck's code themes
// (setup/shiki.ts): `virtual:cli-highlight` maps a line to its HTML, which the slide renders as it
// is. Each token carries both themes as CSS variables (--shiki-light, --shiki-dark), the way
// Slidev's code blocks do, so the colour scheme picks one.
import { createHighlighter } from 'shiki'
import type { Demo } from '../demos/types'
import { CODE_THEMES } from '../setup/shiki'

/** The tokens of one line: shiki's `<span class="line">` content, without the `<pre>` around it. */
function lineHtml(html: string): string {
  const m = /<span class="line">([\s\S]*)<\/span><\/code><\/pre>$/.exec(html)
  if (!m) throw new Error(`unexpected shiki output: ${html.slice(0, 200)}`)
  return m[1]!
}

export async function highlightCli(demos: readonly Demo[]): Promise<Record<string, string>> {
  const highlighter = await createHighlighter({ themes: Object.values(CODE_THEMES), langs: ['shellscript'] })
  try {
    const lines = [...new Set(demos.flatMap(d => d.steps.map(s => s.cli)))]
    return Object.fromEntries(lines.map(line => [line, lineHtml(highlighter.codeToHtml(line, { lang: 'shellscript', themes: CODE_THEMES, defaultColor: false }))]))
  }
  finally {
    highlighter.dispose()
  }
}
