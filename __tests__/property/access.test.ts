// Properties of the access report's decisions (SPEC "Access report"): who is a caller, what a verdict says, and
// when a deny assignment wins. Whatever the assignments, roles and deny assignments are.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { callersOf, roleGuidOf } from '../../src/access/callers.js'
import type { JudgedRole } from '../../src/access/callers.js'
import { EVERYONE, denyingAssignment } from '../../src/access/deny.js'
import { postureOf } from '../../src/access/posture.js'
import { verdictOf } from '../../src/access/verdict.js'
import type { DenyAssignmentResource, RoleAssignmentResource } from '../../src/azure/arm.js'

const SUB = '/subscriptions/00000000-0000-4000-8000-000000000001'
const RG = `${SUB}/resourceGroups/rg-ml`
const ACCOUNT = `${RG}/providers/Microsoft.CognitiveServices/accounts/ai-prod`
const LEVELS = ['/', '/providers/Microsoft.Management/managementGroups/mg', SUB, RG, ACCOUNT]
const ROLE_GUIDS = ['r0', 'r1', 'r2', 'r3'].map((r) => `${r}000000-0000-4000-8000-000000000000`)
const PRINCIPALS = ['p0', 'p1', 'g0', 'g1'].map((p) => `${p}000000-0000-4000-8000-000000000000`)
const NOW = new Date('2026-06-01T00:00:00Z')

const roles = fc
  .array(fc.boolean(), { minLength: ROLE_GUIDS.length, maxLength: ROLE_GUIDS.length })
  .map(
    (opens) =>
      new Map<string, JudgedRole>(
        ROLE_GUIDS.map((guid, i) => [guid, { name: `role ${i}`, opens: opens[i] === true }])
      )
  )

// Assignment IDs are unique in Azure, so the generated lists never hold one ID twice (uniqueArray by id).
const assignment = fc
  .record({
    n: fc.nat(1_000_000),
    scope: fc.constantFrom(...LEVELS),
    role: fc.constantFrom(...ROLE_GUIDS),
    principal: fc.constantFrom(...PRINCIPALS),
    until: fc.option(fc.integer({ min: -5, max: 5 }), { nil: undefined }),
    condition: fc.option(fc.constant("@Resource[x] StringEquals 'y'"), { nil: undefined })
  })
  .map((a): RoleAssignmentResource => ({
    id: `${a.scope === '/' ? '' : a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.n}`,
    name: String(a.n),
    scope: a.scope,
    roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${a.role}`,
    principalId: a.principal,
    description:
      a.until === undefined
        ? undefined
        : `ci. temporary until ${new Date(NOW.getTime() + a.until * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
    condition: a.condition
  }))

const deny = fc
  .record({
    scope: fc.constantFrom(...LEVELS),
    everyone: fc.boolean(),
    principal: fc.constantFrom(...PRINCIPALS),
    exclude: fc.option(fc.constantFrom(...PRINCIPALS), { nil: undefined }),
    actions: fc.constantFrom(
      ['Microsoft.CognitiveServices/*'],
      ['*'],
      ['Microsoft.CognitiveServices/accounts/OpenAI/*'],
      ['Microsoft.Storage/*']
    ),
    childScopes: fc.boolean()
  })
  .map((d): DenyAssignmentResource => ({
    id: `${d.scope}/providers/Microsoft.Authorization/denyAssignments/x`,
    scope: d.scope,
    dataActions: d.actions,
    notDataActions: [],
    principalIds: [d.everyone ? EVERYONE : d.principal],
    excludePrincipalIds: d.exclude === undefined ? [] : [d.exclude],
    doNotApplyToChildScopes: !d.childScopes
  }))

describe('callers', () => {
  it('are exactly the assignments whose role can call models, each once, inherited when assigned above the scope', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(assignment, { maxLength: 20, selector: (a) => a.id.toLowerCase() }),
        roles,
        (assignments, judged) => {
          const callers = callersOf(assignments, ACCOUNT, judged, new Map(), NOW)
          const opening = assignments.filter(
            (a) => judged.get(roleGuidOf(a.roleDefinitionId))?.opens === true
          )
          expect(callers.map((c) => c.assignmentId)).toEqual(opening.map((a) => a.id))
          for (const caller of callers) {
            expect(caller.inherited).toBe(caller.assignedAt !== ACCOUNT)
            expect(caller.conditional === true).toBe(
              opening.find((a) => a.id === caller.assignmentId)?.condition !== undefined
            )
            if (caller.temporaryUntil === undefined) expect(caller.expired).toBeUndefined()
            else expect(caller.expired).toBe(new Date(caller.temporaryUntil).getTime() <= NOW.getTime())
          }
        }
      )
    )
  })
})

describe('verdicts', () => {
  it('say can call exactly when an applying assignment opens models and no deny assignment takes inference away', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(assignment, { maxLength: 12, selector: (a) => a.id.toLowerCase() }),
        roles,
        fc.array(deny, { maxLength: 3 }),
        (applying, judged, denies) => {
          const principal = { spec: { raw: 'p0', kind: 'self' as const }, objectId: PRINCIPALS[0] ?? '' }
          const verdict = verdictOf({
            principal,
            scope: ACCOUNT,
            applying,
            roles: judged,
            names: new Map(),
            denies
          })
          const granting = applying.filter((a) => judged.get(roleGuidOf(a.roleDefinitionId))?.opens === true)
          const denied =
            granting.length > 0 &&
            denyingAssignment(denies, ACCOUNT, [
              principal.objectId,
              ...granting.map((a) => a.principalId)
            ]) !== undefined
          expect(verdict.result).toBe(granting.length > 0 && !denied ? 'can call' : 'cannot call')
          expect(verdict.through.map((t) => t.assignmentId)).toEqual(granting.map((a) => a.id))
          for (const [i, t] of verdict.through.entries())
            expect(t.group?.objectId).toBe(
              granting[i]?.principalId === principal.objectId ? undefined : granting[i]?.principalId
            )
        }
      )
    )
  })

  it('never let a deny assignment for other data than Cognitive Services, or one that excludes the principal, decide', () => {
    fc.assert(
      fc.property(deny, (d) => {
        const found = denyingAssignment([d], ACCOUNT, [PRINCIPALS[0] ?? ''])
        if (d.dataActions[0] === 'Microsoft.Storage/*') expect(found).toBeUndefined()
        if (d.dataActions[0] === 'Microsoft.CognitiveServices/accounts/OpenAI/*')
          expect(found).toBeUndefined()
        if (d.excludePrincipalIds.includes(PRINCIPALS[0] ?? '')) expect(found).toBeUndefined()
        if (d.doNotApplyToChildScopes && d.scope !== ACCOUNT) expect(found).toBeUndefined()
      })
    )
  })
})

describe('posture', () => {
  it('says keys are enabled unless disableLocalAuth is exactly true', () => {
    fc.assert(
      fc.property(
        fc.option(fc.boolean(), { nil: undefined }),
        fc.option(fc.constantFrom('Enabled', 'Disabled'), { nil: undefined }),
        (disable, network) => {
          const posture = postureOf({
            disableLocalAuth: disable,
            publicNetworkAccess: network,
            customSubDomainName: null
          })
          expect(posture.localAuth).toBe(disable === true ? 'disabled' : 'enabled')
          expect(posture.publicNetworkAccess).toBe(network)
          expect(posture.customSubDomain).toBeUndefined()
        }
      )
    )
  })
})
