// Property-based tests of the ABAC condition reader (src/privilege/condition.ts, evaluate.ts): generated conditions,
// printed and read back, mean what they meant; De Morgan holds; the documented delegation condition allows exactly
// the roles it lists; whitespace and newlines never matter; broken text never throws.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  ATTRIBUTES,
  OPERATORS,
  QUANTIFIERS,
  parseCondition,
  printCondition
} from '../../src/privilege/condition.js'
import type { Condition } from '../../src/privilege/condition.js'
import { evaluate } from '../../src/privilege/evaluate.js'
import type { AssignmentAttributes, ConditionRequest } from '../../src/privilege/evaluate.js'
import { delegationCondition } from '../../src/privilege/setup.js'

const RUNS = 500
const GUIDS = [
  'a97b65f3-24c7-4388-baec-2e87135dc908',
  '53ca6127-db72-4b80-b1b0-d745d6d5456d',
  '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd',
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  '11111111-2222-4333-8444-555555555555'
]
const TYPES = ['User', 'Group', 'ServicePrincipal', 'serviceprincipal']
const ACTIONS = [
  'Microsoft.Authorization/roleAssignments/write',
  'Microsoft.Authorization/roleAssignments/delete',
  'Microsoft.Authorization/roleAssignments/read'
]
const PATTERNS = [...ACTIONS, 'Microsoft.Authorization/roleAssignments/*', 'Microsoft.Authorization/*']

const attributes: fc.Arbitrary<AssignmentAttributes> = fc.record({
  roleDefinitionId: fc
    .constantFrom(...GUIDS)
    .chain((guid) =>
      fc.constantFrom(guid, `/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/${guid}`)
    ),
  principalId: fc.constantFrom(...GUIDS),
  principalType: fc.option(fc.constantFrom(...TYPES), { nil: undefined })
})
const request: fc.Arbitrary<ConditionRequest> = fc.record(
  {
    action: fc.constantFrom(...ACTIONS),
    request: attributes,
    resource: attributes
  },
  { requiredKeys: ['action'] }
)

const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.constantFrom(...PATTERNS).map((pattern) => ({ kind: 'action' as const, pattern })),
  fc.record({
    kind: fc.constant('compare' as const),
    source: fc.constantFrom('Request' as const, 'Resource' as const),
    attribute: fc.constantFrom(...ATTRIBUTES),
    quantifier: fc.option(fc.constantFrom(...QUANTIFIERS), { nil: undefined }),
    operator: fc.constantFrom(...OPERATORS),
    values: fc.array(fc.constantFrom(...GUIDS, ...TYPES), { minLength: 1, maxLength: 3 })
  })
)
const { condition } = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constant('not' as const), operand: tie('condition') }),
    fc.record({
      kind: fc.constantFrom('and' as const, 'or' as const),
      left: tie('condition'),
      right: tie('condition')
    })
  )
}))

/** The reference meaning of a tree, written independently of the evaluator under test. */
function meaning(node: Condition, r: ConditionRequest): boolean {
  if (node.kind === 'and') return meaning(node.left, r) && meaning(node.right, r)
  if (node.kind === 'or') return meaning(node.left, r) || meaning(node.right, r)
  if (node.kind === 'not') return !meaning(node.operand, r)
  if (node.kind === 'action') {
    const prefix = node.pattern.endsWith('*') ? node.pattern.slice(0, -1).toLowerCase() : undefined
    return prefix === undefined
      ? node.pattern.toLowerCase() === r.action.toLowerCase()
      : r.action.toLowerCase().startsWith(prefix)
  }
  if (node.kind !== 'compare') throw new Error('unknown node')
  const side = node.source === 'Request' ? r.request : r.resource
  const raw =
    side === undefined
      ? undefined
      : node.attribute === 'RoleDefinitionId'
        ? side.roleDefinitionId.split('/').pop()
        : node.attribute === 'PrincipalId'
          ? side.principalId
          : side.principalType
  const left = raw === undefined ? [] : [raw]
  const ignoreCase = !node.operator.startsWith('String') || node.operator.endsWith('IgnoreCase')
  const eq = (a: string, b: string): boolean => (ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b)
  const test = (a: string, b: string): boolean => (node.operator.includes('Not') ? !eq(a, b) : eq(a, b))
  const q = node.quantifier ?? 'ForAnyOfAnyValues'
  const inner = (a: string): boolean =>
    q.endsWith('AnyValues') ? node.values.some((b) => test(a, b)) : node.values.every((b) => test(a, b))
  return q.startsWith('ForAnyOf') ? left.some(inner) : left.every(inner)
}

describe('ABAC conditions', () => {
  it('reads back what it prints, and the tree means the same as the reference', () => {
    fc.assert(
      fc.property(condition, request, (tree, r) => {
        const parsed = parseCondition(printCondition(tree))
        expect(parsed).toEqual(tree)
        expect(evaluate(parsed as Condition, r)).toBe(meaning(tree, r))
      }),
      { numRuns: RUNS }
    )
  })

  it('does not care about whitespace, newlines or the case of keywords', () => {
    fc.assert(
      fc.property(condition, fc.constantFrom(' ', '\n', '\r\n ', '\t  '), (tree, gap) => {
        const text = printCondition(tree)
          .replace(/([(){},!])/g, `${gap}$1${gap}`)
          .replace(/ (AND|OR) /g, (_m, word: string) => `${gap}${word.toLowerCase()}${gap}`)
        expect(parseCondition(text)).toEqual(tree)
      }),
      { numRuns: RUNS }
    )
  })

  it('keeps De Morgan: !(a AND b) is !a OR !b, and !(a OR b) is !a AND !b', () => {
    fc.assert(
      fc.property(condition, condition, request, (a, b, r) => {
        const not = (operand: Condition): Condition => ({ kind: 'not', operand })
        expect(evaluate(not({ kind: 'and', left: a, right: b }), r)).toBe(
          evaluate({ kind: 'or', left: not(a), right: not(b) }, r)
        )
        expect(evaluate(not({ kind: 'or', left: a, right: b }), r)).toBe(
          evaluate({ kind: 'and', left: not(a), right: not(b) }, r)
        )
      }),
      { numRuns: RUNS }
    )
  })

  it('the documented delegation condition allows writes and deletes of exactly the listed roles, and anything else', () => {
    fc.assert(
      fc.property(fc.subarray(GUIDS, { minLength: 1 }), request, (listed, r) => {
        const tree = parseCondition(delegationCondition(listed))
        expect(tree).toBeDefined()
        const side = r.action.endsWith('/write')
          ? r.request
          : r.action.endsWith('/delete')
            ? r.resource
            : undefined
        const expected =
          side === undefined
            ? !r.action.endsWith('/write') && !r.action.endsWith('/delete')
            : listed.includes(side.roleDefinitionId.split('/').pop() ?? '')
        expect(evaluate(tree as Condition, r)).toBe(expected)
      }),
      { numRuns: RUNS }
    )
  })

  it('with a principal-type clause, allows only those types on writes', () => {
    fc.assert(
      fc.property(request, (r) => {
        const tree = parseCondition(delegationCondition([GUIDS[0] ?? ''], ['ServicePrincipal'])) as Condition
        const write = { ...r, action: ACTIONS[0] ?? '' }
        const expected =
          write.request !== undefined &&
          write.request.roleDefinitionId.endsWith(GUIDS[0] ?? '') &&
          write.request.principalType?.toLowerCase() === 'serviceprincipal'
        expect(evaluate(tree, write)).toBe(expected)
      }),
      { numRuns: RUNS }
    )
  })

  it('reads the documented condition exactly as the docs print it, over several lines', () => {
    const text = `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR
 (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {a97b65f3-24c7-4388-baec-2e87135dc908, 53ca6127-db72-4b80-b1b0-d745d6d5456d}))
AND
((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR
 (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {a97b65f3-24c7-4388-baec-2e87135dc908, 53ca6127-db72-4b80-b1b0-d745d6d5456d}))`
    expect(parseCondition(text)).toEqual(
      parseCondition(delegationCondition([GUIDS[0] ?? '', GUIDS[1] ?? '']))
    )
  })

  it('never throws on broken or foreign text: no tree, so no verdict', () => {
    fc.assert(
      fc.property(condition, fc.nat(), (tree, cut) => {
        const text = printCondition(tree)
        const broken = text.slice(0, cut % text.length)
        expect(() => parseCondition(broken)).not.toThrow()
      }),
      { numRuns: RUNS }
    )
    for (const foreign of [
      "@Principal[Microsoft.Directory/CustomSecurityAttributes/Attributes:Dept] StringEquals 'x'",
      '@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidLike {a}',
      "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'logs'",
      "ActionMatches{'a'} AND",
      ''
    ])
      expect(parseCondition(foreign)).toBeUndefined()
  })
})
