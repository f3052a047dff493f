// docs/troubleshooting.md must explain every error and warning the action can print. The messages are read from
// src/ itself, so a new message without docs fails here.
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { extractMessages, fragmentsOf, searchableText } from './source-messages.js'
import type { SourceMessage } from './source-messages.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const markdown = readFileSync(join(ROOT, 'docs', 'troubleshooting.md'), 'utf8')
const docs = searchableText(markdown)
const headings = markdown.split('\n').filter((line) => line.startsWith('#'))

/**
 * Messages made of nothing but another message: they pass on text defined (and checked) elsewhere. A new
 * message with no literal text of its own fails until it gets some, or is added here with the reason.
 */
const PASS_THROUGH = new Set([
  "`${failed.length} of ${results.length} ${what} failed:\\n- ${failed.join('\\n- ')}`", // main: the failed grants, each explained
  "failures[0] ?? ''", // resolvePrincipals: the one principal error, already a message of its own
  'verdict.message', // wait: a fatal verdict of probe-verdict.ts, each checked as a message
  "`${where}: ${error.message.slice(`Input '${input}': `.length)}`" // resource-ids: a name check's own message, with its line
])

const messages = extractMessages(join(ROOT, 'src'), ROOT)
const fragments = fragmentsOf(messages)

describe('docs/troubleshooting.md', () => {
  it('finds the messages of src/ (a sanity check of the extraction itself)', () => {
    expect(messages.length).toBeGreaterThan(50)
    const files = new Set(messages.map((message) => message.where.split(':')[0]))
    for (const file of [
      'src/inputs/inputs.ts',
      'src/inputs/validation.ts',
      'src/azure/sign-in/entra-errors.ts',
      'src/post/cleanup.ts'
    ])
      expect(files).toContain(file)
  })

  it('quotes every error and warning that src/ defines', () => {
    const missing = messages.flatMap((message) => {
      const fragment = fragments.get(message)
      return fragment === undefined || docs.includes(fragment) ? [] : [`${message.where}: "${fragment}"`]
    })
    expect(missing).toEqual([])
  })

  it('knows why every message without text of its own has none', () => {
    const unexplained = messages.flatMap((message) =>
      fragments.get(message) === undefined && !PASS_THROUGH.has(message.expression)
        ? [`${message.where}: ${message.expression}`]
        : []
    )
    expect(unexplained).toEqual([])
  })

  it('has a section for every stage of a run, in order', () => {
    const stages = ['Inputs', 'Sign-in', 'Account', 'Role', 'Principals', 'Assignment', 'Wait', 'Post step']
    expect(headings.filter((line) => /^## \d+\. /.test(line))).toEqual(
      stages.map((stage, index) => `## ${index + 1}. ${stage}`)
    )
  })

  it('explains the AADSTS codes users meet, one table row each', () => {
    const codes = [70021, 700211, 700212, 700213, 7002138, 700016, 90002, 700024]
    const rows = new Set(
      markdown.split('\n').flatMap((line) => /^\|\s*AADSTS(\d+)\s*\|/.exec(line)?.[1] ?? [])
    )
    expect(codes.filter((code) => !rows.has(String(code)))).toEqual([])
  })

  it('covers PermissionDenied against a wrong audience, data access and propagation', () => {
    expect(headings).toEqual(
      expect.arrayContaining([
        '## PermissionDenied or wrong audience',
        '## Owner and Contributor do not grant data access',
        '## Propagation times'
      ])
    )
    expect(docs).toContain('up to five minutes')
  })
})

describe('the message extraction', () => {
  const extract = (files: Record<string, string>): { message: SourceMessage; fragment?: string }[] => {
    const root = mkdtempSync(join(tmpdir(), 'messages-'))
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, 'src', path)), { recursive: true })
        writeFileSync(join(root, 'src', path), text)
      }
      const found = extractMessages(join(root, 'src'), root)
      const chosen = fragmentsOf(found)
      return found.map((message) => ({ message, fragment: chosen.get(message) }))
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  }

  it('takes the first literal stretch of a template, reads constants through and cuts at a word', () => {
    const [first, second] = extract({
      'a.ts': [
        "import { Inputs } from './constants.js'",
        "const HELP = 'Grant it the role ' + 'on the account.'",
        'throw new ActionError(`${x}: the subscription was not found anywhere at all. ${HELP}`)',
        'throw new InputError(Inputs.Role, `${show(value)} is not a role.`)'
      ].join('\n'),
      'constants.ts': "export const Inputs = { Role: 'role' } as const"
    })
    expect(first?.message.chunks).toEqual([
      ': the subscription was not found anywhere at all. Grant it the role on the account.'
    ])
    expect(first?.fragment).toBe('the subscription was not found anywhere at all. Grant it the')
    expect(second?.message.chunks).toEqual(["Input 'role': ", ' is not a role.'])
    // No stretch reaches PREFERRED_FRAGMENT, so the longest one of at least MIN_FRAGMENT is taken.
    expect(second?.fragment).toBe('is not a role.')
  })

  it('finds warnings, errors, fatal verdicts, helper functions and tables of messages', () => {
    const found = extract({
      'b.ts': [
        "core.warning('The first warning that is long enough.')",
        'core.error(`An error annotation with ${n} items in it`)',
        "const v = { kind: 'fatal', message: `The endpoint refused the call (${seen}).` }",
        'function help(code: string): string { return `Entra ID refused the token (${code}).` }',
        'throw new ActionError(help(code))',
        "const KNOWN: Record<string, string> = { A1: 'the tenant does not exist here at all.' }",
        'throw new ActionError(`Signing in failed (${code}): ${KNOWN[code]}`)',
        'throw new ActionError(failures[0])'
      ].join('\n')
    })
    expect(found.map((item) => item.fragment)).toEqual([
      'The first warning that is long enough.',
      'An error annotation with',
      'The endpoint refused the call',
      'Entra ID refused the token',
      'the tenant does not exist here at all.',
      'Signing in failed',
      undefined
    ])
  })

  it('reads the text a helper adds inside a template, but not a quoted value', () => {
    const found = extract({
      'd.ts': [
        "const READ_HELP = 'The identity needs read access to the account.'",
        'function help(said: string): string {',
        "  if (said.includes('write')) return 'The identity needs to write role assignments.'",
        '  return `${READ_HELP} (${said})`',
        '}',
        'function show(value: string): string { return JSON.stringify(value) }',
        'throw new ActionError(`Refused (403): ${said} ${help(said)}`)',
        'throw new ActionError(`${show(value)} is not a valid thing at all.`)'
      ].join('\n')
    })
    expect(found.map((item) => item.fragment)).toEqual([
      'The identity needs to write role assignments.',
      'The identity needs read access to the account.',
      'Refused (403)',
      'is not a valid thing at all.'
    ])
  })

  it('prefers a stretch that no other message shares', () => {
    const found = extract({
      'c.ts': [
        'throw new ActionError(`Reading the cloud metadata at ${url} failed with HTTP ${status}.`)',
        'throw new ActionError(`Reading the cloud metadata at ${url} is not a metadata document, sadly.`)'
      ].join('\n')
    })
    // Both start alike, so each is known by what only it says.
    expect(found.map((item) => item.fragment)).toEqual([
      'failed with HTTP',
      'is not a metadata document, sadly.'
    ])
  })

  it('compares with the docs as a reader sees them', () => {
    expect(searchableText("`Input 'role':\n  is not`, a \\<GUID\\>")).toBe("`Input 'role': is not`, a <GUID>")
  })
})
