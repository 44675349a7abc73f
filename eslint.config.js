// antfu's style, which the code followed by hand before: 2 spaces, single quotes, no semicolons.
import antfu from '@antfu/eslint-config'

export default antfu(
  {
    ignores: ['demos/recordings/**', 'BENCHMARKS.md'],
  },
  {
    // Each slide is a page with its own title.
    files: ['slides.md', 'pages/**/*.md'],
    rules: { 'markdown/no-multiple-h1': 'off' },
  },
  {
    // Command-line programs: the terminal is their interface.
    files: ['scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
)
