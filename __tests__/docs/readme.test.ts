// The README's Inputs and Outputs tables say exactly what action.yml says, and action.yml is a valid node24 action.
import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Inputs, Outputs } from '../../src/constants.js'
import { readAction, ROOT, tableAfter, tableCells, unquote } from './action-metadata.js'

const action = readAction()
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '')

/** What the README's Inputs table should hold, row by row, from action.yml. */
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

describe('README.md', () => {
  it('lists every input of action.yml with its required flag, default and description, in order', () => {
    const rows = tableAfter(readme, 'Inputs').map((row) => ({
      name: unquote(row.name ?? ''),
      required: row.required ?? '',
      default: unquote(row.default ?? ''),
      description: row.description ?? ''
    }))
    // On a mismatch, the expected rows are the table to paste (prettier may pad it afterwards).
    expect(rows).toEqual(expectedInputs)
  })

  it('lists every output of action.yml with its description, in order', () => {
    const rows = tableAfter(readme, 'Outputs').map((row) => ({
      name: unquote(row.name ?? ''),
      description: row.description ?? ''
    }))
    expect(rows).toEqual(expectedOutputs)
  })

  it('shows the two commands of a fresh clone and how to pin the action', () => {
    expect(readme).toContain('npm ci && npm run demo')
    expect(readme).toContain('npm ci && npm test')
    expect(readme).toContain('uses: OWNER/entra-inference-access@v1')
    expect(readme).toMatch(/uses: OWNER\/entra-inference-access@[0-9a-f]{40}/)
    expect(readme).toContain('id-token: write')
    expect(readme).toContain('contents: read')
  })

  it('gives the federated credential subject of a branch, a tag, an environment and a pull request', () => {
    for (const subject of [
      'repo:OWNER/REPO:ref:refs/heads/BRANCH',
      'repo:OWNER/REPO:ref:refs/tags/TAG',
      'repo:OWNER/REPO:environment:NAME',
      'repo:OWNER/REPO:pull_request'
    ])
      expect(readme).toContain(`\`${subject}\``)
  })

  it('links only to files that exist', () => {
    const links = [...readme.matchAll(/\]\(((?:\.\.?\/)?[\w./-]+?)(?:#[\w-]+)?\)/g)].map((m) => m[1] ?? '')
    const local = links.filter((link) => !/^[a-z]+:/.test(link))
    expect(local.length).toBeGreaterThan(3)
    expect(local.filter((link) => !existsSync(join(ROOT, link)))).toEqual([])
  })

  it('links to headings that exist, in the README and the troubleshooting guide', () => {
    const files = {
      'README.md': readme,
      'docs/troubleshooting.md': readFileSync(join(ROOT, 'docs', 'troubleshooting.md'), 'utf8')
    }
    const slugs = (markdown: string): Set<string> =>
      new Set(
        markdown
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
    const broken: string[] = []
    for (const [file, markdown] of Object.entries(files)) {
      for (const [, target = '', anchor = ''] of markdown.matchAll(/\]\(([\w./-]*)#([\w-]+)\)/g)) {
        const name = target === '' ? file : join(dirname(file), target)
        const linked = name === file ? markdown : (files as Record<string, string>)[name]
        if (linked !== undefined && !slugs(linked).has(anchor)) broken.push(`${file}: ${target}#${anchor}`)
      }
    }
    expect(broken).toEqual([])
  })

  it('names the action the same way everywhere', () => {
    const uses = [...readme.matchAll(/uses: (\S+)/g)].map((m) => m[1] ?? '')
    expect(uses.length).toBeGreaterThan(0)
    for (const ref of uses) expect(ref).toMatch(/^OWNER\/entra-inference-access@/)
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
