import { describe, expect, it } from '@jest/globals'
import { renderSummary } from '../../../src/report/summary.js'
import type { SummaryInput } from '../../../src/report/summary.js'
import type { GrantResult, Outcome, ResolvedPrincipal, ResolvedRole } from '../../../src/types.js'
import { CS_USER_ROLE as ROLE, failedResult, resultOf, targetNamed } from '../../fixtures/grants.js'
import { ACCOUNT_ID, GROUP_OID, SELF_OID } from '../../fixtures/ids.js'

const SELF: ResolvedPrincipal = {
  spec: { raw: 'self', kind: 'self' },
  objectId: SELF_OID,
  type: 'ServicePrincipal'
}
const group = (raw: string): ResolvedPrincipal => ({
  spec: { raw, kind: 'group', value: raw.slice(6), isGuid: false },
  objectId: GROUP_OID,
  type: 'Group'
})
const render = (overrides: Partial<SummaryInput>) =>
  renderSummary({ results: [], dryRun: false, ...overrides })
const withRole = (result: GrantResult, role: ResolvedRole): GrantResult => ({ ...result, role })
const rows = (markdown: string) =>
  markdown
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Principal') && !line.startsWith('| ---'))
/** The cells of a table row, splitting only on pipes that Markdown does not see as escaped. */
const cells = (row: string) =>
  row
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((cell) => cell.trim())

describe('job summary', () => {
  it('one row per principal: name as given, object ID, type, role, scope and the result', () => {
    const markdown = render({ results: [resultOf(SELF, 'created', 'x')] })
    expect(markdown).toBe(
      [
        '### Entra ID access for inference',
        '',
        '| Principal | Object ID | Type | Role | Scope | Result |',
        '| --- | --- | --- | --- | --- | --- |',
        `| self | \`${SELF_OID}\` | ServicePrincipal | Cognitive Services User | \`${ACCOUNT_ID}\` | created |`,
        ''
      ].join('\n')
    )
  })

  it.each([
    'created',
    'already assigned',
    'removed',
    'not assigned',
    'would create',
    'would remove'
  ] as Outcome[])('shows the result %j', (outcome) => {
    const [row] = rows(render({ results: [resultOf(SELF, outcome)] }))
    expect(cells(row ?? '')[5]).toBe(outcome)
  })

  it('a dry run says nothing was changed', () => {
    expect(render({ dryRun: true })).toContain('(dry run: nothing was changed)')
  })

  it('a principal of unknown type says so', () => {
    const [row] = rows(render({ results: [resultOf({ ...SELF, type: undefined }, 'created')] }))
    expect(cells(row ?? '')[2]).toBe('unknown')
  })

  it('escapes | and line breaks, so a name cannot break the table', () => {
    const markdown = render({
      results: [
        withRole(resultOf(group('group:a|b|c'), 'created'), { ...ROLE, name: 'Odd | Role' }),
        withRole(failedResult(group('group:x|y'), 'line one\nline two\r\nline three\rline four | more'), {
          ...ROLE,
          name: 'Odd | Role'
        })
      ]
    })
    const table = rows(markdown)
    expect(table).toHaveLength(2)
    for (const row of table) expect(cells(row)).toHaveLength(6)
    expect(cells(table[0] ?? '')[0]).toBe('group:a\\|b\\|c')
    expect(cells(table[0] ?? '')[3]).toBe('Odd \\| Role')
    expect(cells(table[1] ?? '')[5]).toBe('failed: line one line two line three line four \\| more')
    expect(markdown).not.toMatch(/\r/)
  })

  it('a failed principal keeps its row, with its object ID, type and the reason', () => {
    const [row] = rows(render({ results: [failedResult(SELF, 'Resource Manager refused')] }))
    expect(cells(row ?? '')).toEqual([
      'self',
      `\`${SELF_OID}\``,
      'ServicePrincipal',
      'Cognitive Services User',
      `\`${ACCOUNT_ID}\``,
      'failed: Resource Manager refused'
    ])
  })

  it('several scopes: one table grouped by scope, each named once at the head of its rows', () => {
    const other = targetNamed('ai-dev')
    const markdown = render({
      results: [
        resultOf(SELF, 'created', 'x'),
        resultOf(group('group:ml'), 'created', 'y'),
        withRole(resultOf(SELF, 'already assigned', 'z', other), { ...ROLE, name: 'Azure AI User' })
      ]
    })
    expect(markdown).toContain('| Scope | Principal | Object ID | Type | Role | Result |')
    expect(markdown.match(/^\| Scope/gm)).toHaveLength(1)
    const table = markdown
      .split('\n')
      .filter((line) => line.startsWith('| ') && !/^\| (Scope|---)/.test(line))
    expect(table.map((row) => [cells(row)[0], cells(row)[1], cells(row)[4], cells(row)[5]])).toEqual([
      [`**ai-prod** (account) \`${ACCOUNT_ID}\``, 'self', 'Cognitive Services User', 'created'],
      ['', 'group:ml', 'Cognitive Services User', 'created'],
      [`**ai-dev** (account) \`${other.id}\``, 'self', 'Azure AI User', 'already assigned']
    ])
  })

  it("ends with the wait's outcome when there was a wait", () => {
    expect(render({ wait: 'inference access worked 12.0 s after the assignments (6 probes).' })).toMatch(
      /\n\*\*Propagation:\*\* inference access worked 12\.0 s after the assignments \(6 probes\)\.\n$/
    )
    expect(render({})).not.toContain('Propagation')
  })
})
