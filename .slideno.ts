import { load } from '@slidev/parser/fs'
import { resolve } from 'node:path'
const ROOT = process.cwd()
const data = await load({ roots: [ROOT], userRoot: ROOT }, resolve(ROOT, 'slides.md'))
data.slides.filter(s => !s.frontmatter?.hide).forEach((s, i) => { if (s.source?.filepath?.includes('terminology')) console.log(i + 1, s.title) })
