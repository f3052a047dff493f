// The README is a first visit: what the action does, a quick start and the two commands of a fresh clone, early.
// The reference lives in docs/: its Inputs and Outputs tables say exactly what action.yml says, every link of the
// Markdown files goes to a file and a heading that exist, and action.yml is a valid node24 action.
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { Inputs, Outputs } from '../../src/constants.js'
import { readAction, ROOT, tableAfter, tableCells, unquote } from './action-metadata.js'

const action = readAction()
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8')
const readme = read('README.md')
/** The page with the Inputs and Outputs tables. */
const REFERENCE = 'docs/inputs.md'
const reference = read(REFERENCE)
/** Every Markdown page a user reads: the README, the root's guides and docs/. */
const pages = [
  'README.md',
  'CONTRIBUTING.md',
  'SECURITY.md',
  'RELEASING.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`)
].filter((file) => existsSync(join(ROOT, file)))
const markdown = Object.fromEntries(pages.map((file) => [file, read(file)]))

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '')

/** What the Inputs table should hold, row by row, from action.yml. */
const expectedInputs = Object.entries(action.inputs).map(([name, input]) => ({
  name,
  required: input.required === true ? 'yes' : 'no',
  default: input.default === undefined ? '' : String(input.default),
  description: text(input.description)
}))

const expectedOutputs = Object.entries(action.outputs).map(([name, output]) => ({
  name,
  description: text(output.description)
}))

/** GitHub's anchors for the headings of a page. */
const slugs = (page: string): Set<string> =>
  new Set(
    page
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) =>
        line
          .replace(/^#+ /, '')
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\s_-]/gu, '')
          .replace(/\s/g, '-')
      )
  )

/** Relative links of a page, outside code blocks: [file, target, anchor]. */
function links(file: string, page: string): { target: string; anchor: string }[] {
  const prose = page.replace(/```[\s\S]*?```/g, '')
  return [...prose.matchAll(/\]\(([\w./-]*?)(?:#([\w-]+))?\)/g)]
    .map((m) => ({ link: m[1] ?? '', anchor: m[2] ?? '' }))
    .filter(({ link, anchor }) => link !== '' || anchor !== '')
    .map(({ link, anchor }) => ({
      target:
        link === ''
          ? file
          : normalize(join(dirname(file), link))
              .replace(/\\/g, '/')
              .replace(/\/$/, ''),
      anchor
    }))
}

describe('README.md', () => {
  const first100 = readme.split('\n').slice(0, 100).join('\n')

  it('shows the quick start and the two commands of a fresh clone in its first 100 lines', () => {
    expect(first100).toContain('## Quick start')
    expect(first100).toContain('uses: OWNER/entra-inference-access@v1')
    expect(first100).toContain('id-token: write')
    expect(first100).toContain('contents: read')
    expect(first100).toContain('## Try it locally')
    expect(first100).toContain('npm ci && npm run demo')
    expect(first100).toContain('npm ci && npm test')
  })

  it('stays a first visit: the reference is in docs/, with a table of contents', () => {
    expect(readme.split('\n').length).toBeLessThan(150)
    expect(readme).not.toContain('## Inputs')
    expect(readme).toContain('(docs/README.md)')
    const index = markdown['docs/README.md'] ?? ''
    const linked = new Set(links('docs/README.md', index).map(({ target }) => target))
    const topics = pages.filter((file) => file.startsWith('docs/') && file !== 'docs/README.md')
    expect(topics.filter((file) => !linked.has(file))).toEqual([])
  })

  it('shows how to pin the action to a commit SHA', () => {
    expect(readme).toMatch(/uses: OWNER\/entra-inference-access@[0-9a-f]{40}/)
  })

  it('states the support policy exactly as SECURITY.md does', () => {
    const policy = (page: string): string =>
      /The latest major version gets every fix;[^.]*\./.exec(page.replace(/\s+/g, ' '))?.[0] ?? ''
    expect(policy(readme)).toContain('security fixes for six months')
    expect(policy(markdown['SECURITY.md'] ?? '')).toBe(policy(readme))
  })
})

describe(REFERENCE, () => {
  it('lists every input of action.yml with its required flag, default and description, in order', () => {
    const rows = tableAfter(reference, 'Inputs').map((row) => ({
      name: unquote(row.name ?? ''),
      required: row.required ?? '',
      default: unquote(row.default ?? ''),
      description: row.description ?? ''
    }))
    // On a mismatch, the expected rows are the table to paste (prettier may pad it afterwards).
    expect(rows).toEqual(expectedInputs)
  })

  it('lists every output of action.yml with its description, in order', () => {
    const rows = tableAfter(reference, 'Outputs').map((row) => ({
      name: unquote(row.name ?? ''),
      description: row.description ?? ''
    }))
    expect(rows).toEqual(expectedOutputs)
  })
})

describe('docs/setup.md', () => {
  it('gives the federated credential subject of a branch, a tag, an environment and a pull request', () => {
    const setup = markdown['docs/setup.md'] ?? ''
    for (const subject of [
      'repo:OWNER/REPO:ref:refs/heads/BRANCH',
      'repo:OWNER/REPO:ref:refs/tags/TAG',
      'repo:OWNER/REPO:environment:NAME',
      'repo:OWNER/REPO:pull_request'
    ])
      expect(setup).toContain(`\`${subject}\``)
  })
})

describe('the Markdown pages', () => {
  it('link only to files that exist', () => {
    const broken = Object.entries(markdown).flatMap(([file, page]) =>
      links(file, page)
        .filter(({ target }) => !existsSync(join(ROOT, target)))
        .map(({ target }) => `${file}: ${target}`)
    )
    expect(Object.keys(markdown).length).toBeGreaterThan(5)
    expect(broken).toEqual([])
  })

  it('link to headings that exist', () => {
    const broken = Object.entries(markdown).flatMap(([file, page]) =>
      links(file, page)
        .filter(({ target, anchor }) => anchor !== '' && target.endsWith('.md'))
        .filter(({ target, anchor }) => {
          const linked = markdown[target]
          return linked !== undefined && !slugs(linked).has(anchor)
        })
        .map(({ target, anchor }) => `${file}: ${target}#${anchor}`)
    )
    expect(broken).toEqual([])
  })

  it('name the action the same way everywhere', () => {
    const uses = Object.values(markdown).flatMap((page) => [...page.matchAll(/uses: (OWNER\/\S+)/g)])
    expect(uses.length).toBeGreaterThan(0)
    for (const [, ref = ''] of uses) expect(ref).toMatch(/^OWNER\/entra-inference-access@/)
  })
})

describe('action.yml', () => {
  it('has a name, a description and branding', () => {
    expect(text(action.name)).not.toBe('')
    expect(text(action.description)).not.toBe('')
    expect(text(action.branding?.icon)).not.toBe('')
    expect(text(action.branding?.color)).not.toBe('')
  })

  it('runs the one bundle, dist/index.js, on node24 for the main and the post step', () => {
    expect(action.runs?.using).toBe('node24')
    expect(action.runs?.main).toBe('dist/index.js')
    expect(action.runs?.post).toBe('dist/index.js')
  })

  it('describes every input and output', () => {
    const undescribed = [
      ...Object.entries(action.inputs).filter(([, input]) => text(input.description) === ''),
      ...Object.entries(action.outputs).filter(([, output]) => text(output.description) === '')
    ].map(([name]) => name)
    expect(undescribed).toEqual([])
  })

  it('marks required inputs without a default, and gives defaults as strings', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      expect([name, typeof input.required]).toEqual([name, 'boolean'])
      if (input.required === true) expect([name, input.default]).toEqual([name, undefined])
      if (input.default !== undefined) expect([name, typeof input.default]).toEqual([name, 'string'])
    }
  })

  it('declares exactly the inputs and outputs the code reads and sets', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(Inputs).sort())
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(Outputs).sort())
  })
})

describe('the table reader', () => {
  it('splits on pipes that are not escaped and undoes Markdown escapes', () => {
    expect(tableCells('| `a` | yes |  | one \\| two, user:\\<UPN\\> |')).toEqual([
      '`a`',
      'yes',
      '',
      'one | two, user:<UPN>'
    ])
  })
})
