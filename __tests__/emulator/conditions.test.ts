// The emulator's ABAC conditions (services/arm/authorization/conditions.ts) and Resource Manager's decisions for a delegated
// role-assignment writer: request attributes on PUT, resource attributes on DELETE, ARM's 403 text; and
// Microsoft.Authorization/permissions. The emulator's evaluator is its own: it must agree with the action's reader.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  DEFAULT_IDS as ID,
  ROLE_IDS,
  delegatePipeline,
  delegationCondition,
  evaluateCondition,
  pipelineAsContributorOnly,
  startEmulator,
  type Emulator,
  type World
} from '../../emulator/index.js'
import { helpers } from '../../harness/emulator-helpers.js'
import { parseCondition, printCondition } from '../../src/privilege/condition.js'
import { evaluate } from '../../src/privilege/evaluate.js'

const SUB = `/subscriptions/${ID.subscriptionId}`
const RG = `${SUB}/resourceGroups/${ID.resourceGroup}`
const ACCOUNT = `${RG}/providers/Microsoft.CognitiveServices/accounts/${ID.account}`
const roleDef = (guid: string): string => `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`
const path = (name: string): string => `${ACCOUNT}/providers/Microsoft.Authorization/roleAssignments/${name}`
const WRITE = 'Microsoft.Authorization/roleAssignments/write'
const DELETE = 'Microsoft.Authorization/roleAssignments/delete'
const at = (action: string, roleDefinitionId: string, principalType = 'User') => ({
  action,
  request: { roleDefinitionId, principalId: ID.users.alice.id, principalType },
  resource: { roleDefinitionId, principalId: ID.users.alice.id, principalType }
})

describe('ABAC condition grammar in the emulator', () => {
  it('reads the documented condition over several lines, writes and deletes alike', () => {
    const text = delegationCondition()
    expect(evaluateCondition(text, at(WRITE, roleDef(ROLE_IDS.cognitiveServicesUser)))).toBe(true)
    expect(evaluateCondition(text, at(WRITE, ROLE_IDS.azureAiUser))).toBe(true)
    expect(evaluateCondition(text, at(WRITE, roleDef(ROLE_IDS.openAiUser)))).toBe(false)
    expect(evaluateCondition(text, at(DELETE, roleDef(ROLE_IDS.openAiUser)))).toBe(false)
    expect(evaluateCondition(text, at('Microsoft.Authorization/roleAssignments/read', ROLE_IDS.owner))).toBe(
      true
    )
  })

  it('limits principal types with StringEqualsIgnoreCase, and NOT, OR, single values and quotes', () => {
    const typed = delegationCondition([ROLE_IDS.cognitiveServicesUser], ['ServicePrincipal'])
    expect(evaluateCondition(typed, at(WRITE, ROLE_IDS.cognitiveServicesUser, 'serviceprincipal'))).toBe(true)
    expect(evaluateCondition(typed, at(WRITE, ROLE_IDS.cognitiveServicesUser, 'Group'))).toBe(false)
    const single = `NOT @Request[Microsoft.Authorization/roleAssignments:PrincipalId] GuidEquals '${ID.users.alice.id}'`
    expect(evaluateCondition(single, at(WRITE, ROLE_IDS.owner))).toBe(false)
    expect(
      evaluateCondition(
        `(${single}) OR @Request[Microsoft.Authorization/roleAssignments:PrincipalType] StringNotEquals "Group"`,
        at(WRITE, ROLE_IDS.owner)
      )
    ).toBe(true)
  })

  it('takes nothing outside the grammar (no verdict: the write is refused)', () => {
    for (const text of [
      '',
      'AND',
      "ActionMatches{'a', 'b'}",
      "@Principal[x:y] StringEquals 'z'",
      '((ActionMatches{a})'
    ])
      expect(evaluateCondition(text, at(WRITE, ROLE_IDS.owner))).toBeUndefined()
  })

  it("agrees with the action's own reader on generated conditions", () => {
    const guids = [ROLE_IDS.cognitiveServicesUser, ROLE_IDS.azureAiUser, ROLE_IDS.openAiUser]
    const arbitrary = fc.letrec<{ c: string }>((tie) => ({
      c: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(WRITE, DELETE, 'Microsoft.Authorization/*').map((a) => `ActionMatches{'${a}'}`),
        fc
          .tuple(
            fc.constantFrom('Request', 'Resource'),
            fc.constantFrom('RoleDefinitionId', 'PrincipalType'),
            fc.constantFrom(
              'ForAnyOfAnyValues:GuidEquals',
              'GuidNotEquals',
              'ForAllOfAnyValues:StringEqualsIgnoreCase'
            ),
            fc.subarray([...guids, 'User', 'Group'], { minLength: 1 })
          )
          .map(
            ([s, a, o, v]) => `@${s}[Microsoft.Authorization/roleAssignments:${a}] ${o} {${v.join(', ')}}`
          ),
        tie('c').map((c) => `!(${c})`),
        fc.tuple(tie('c'), fc.constantFrom('AND', 'OR'), tie('c')).map(([l, o, r]) => `(${l}) ${o} (${r})`)
      )
    })).c
    fc.assert(
      fc.property(
        arbitrary,
        fc.constantFrom(WRITE, DELETE),
        fc.constantFrom(...guids),
        fc.constantFrom('User', 'Group'),
        (text, action, role, type) => {
          const input = at(action, roleDef(role), type)
          const tree = parseCondition(text)
          expect(tree).toBeDefined()
          if (tree === undefined) return
          expect(evaluateCondition(text, input)).toBe(evaluate(tree, input))
          expect(evaluateCondition(printCondition(tree), input)).toBe(evaluate(tree, input))
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe('Resource Manager under a delegated pipeline identity', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  let token: string
  let seed: World['roleAssignments']
  beforeAll(async () => {
    emu = await startEmulator()
    h = helpers(emu)
    token = h.armToken()
    seed = [...emu.world.roleAssignments]
  })
  beforeEach(() => {
    emu.world.roleAssignments = [...seed]
    delegatePipeline(emu.world, { principalTypes: ['ServicePrincipal', 'User'] })
  })
  afterAll(async () => emu.close())
  const body = (role: string, principalType = 'User') => ({
    properties: { roleDefinitionId: roleDef(role), principalId: ID.users.alice.id, principalType }
  })
  const refusal = (action: string, name: string): string =>
    `The client '${ID.pipelineApp.clientId}' with object id '${ID.pipelineApp.objectId}' does not have authorization or an ABAC condition not fulfilled to perform action '${action}' over scope '${path(name)}' or the scope is invalid. If access was recently granted, please refresh your credentials.`

  it('allows a PUT whose body the condition allows, and refuses another role or principal type with 403', async () => {
    const ok = await h.arm(
      'PUT',
      path('0c0c0c0c-0000-4000-8000-000000000001'),
      token,
      body(ROLE_IDS.cognitiveServicesUser)
    )
    expect(ok.status).toBe(201)
    const role = await h.arm(
      'PUT',
      path('0c0c0c0c-0000-4000-8000-000000000002'),
      token,
      body(ROLE_IDS.openAiUser)
    )
    expect(role.status).toBe(403)
    expect(role.json.error.code).toBe('AuthorizationFailed')
    expect(role.json.error.message).toBe(refusal(WRITE, '0c0c0c0c-0000-4000-8000-000000000002'))
    const type = await h.arm(
      'PUT',
      path('0c0c0c0c-0000-4000-8000-000000000003'),
      token,
      body(ROLE_IDS.cognitiveServicesUser, 'Group')
    )
    expect(type.status).toBe(403)
  })

  it('judges a DELETE by the assignment being deleted', async () => {
    const mine = '0c0c0c0c-0000-4000-8000-000000000004'
    const other = '0c0c0c0c-0000-4000-8000-000000000005'
    for (const [name, role] of [
      [mine, ROLE_IDS.cognitiveServicesUser],
      [other, ROLE_IDS.openAiUser]
    ] as const)
      emu.world.roleAssignments.push({
        name,
        scope: ACCOUNT,
        roleDefinitionGuid: role,
        principalId: ID.users.alice.id,
        principalType: 'User',
        description: null,
        condition: null,
        createdOn: 0,
        updatedOn: 0,
        createdBy: null,
        updatedBy: null
      })
    expect((await h.arm('DELETE', path(mine), token)).status).toBe(200)
    const refused = await h.arm('DELETE', path(other), token)
    expect(refused.status).toBe(403)
    expect(refused.json.error.message).toBe(refusal(DELETE, other))
  })

  it("serves the caller's own permissions at any scope, its groups' included, and nothing for an identity that holds none", async () => {
    const perms = await h.arm(
      'GET',
      `${ACCOUNT}/providers/Microsoft.Authorization/permissions`,
      token,
      undefined,
      '2022-04-01'
    )
    expect(perms.status).toBe(200)
    expect(perms.json.value.flatMap((p: { actions: string[] }) => p.actions)).toContain(WRITE)
    const group = ID.groups.dataScienceB.id
    emu.world.groups.find((g) => g.id === group)?.members.push(ID.servicePrincipals.webApp.id)
    emu.world.roleAssignments.push({
      name: '0c0c0c0c-0000-4000-8000-000000000006',
      scope: RG,
      roleDefinitionGuid: ROLE_IDS.reader,
      principalId: group,
      principalType: 'Group',
      description: null,
      condition: null,
      createdOn: 0,
      updatedOn: 0,
      createdBy: null,
      updatedBy: null
    })
    const web = h.armToken(ID.servicePrincipals.webApp.id, ID.servicePrincipals.webApp.appId)
    const viaGroup = await h.arm(
      'GET',
      `${ACCOUNT}/providers/Microsoft.Authorization/permissions`,
      web,
      undefined,
      '2022-04-01'
    )
    expect(viaGroup.json.value).toEqual([
      { actions: ['*/read'], notActions: [], dataActions: [], notDataActions: [] }
    ])
    const alice = h.armToken(ID.users.alice.id)
    const none = await h.arm(
      'GET',
      `${RG}/providers/Microsoft.Authorization/permissions`,
      alice,
      undefined,
      '2022-04-01'
    )
    expect(none.json).toEqual({ value: [] })
    pipelineAsContributorOnly(emu.world)
    const contributor = await h.arm(
      'GET',
      `${ACCOUNT}/providers/Microsoft.Authorization/permissions`,
      token,
      undefined,
      '2022-04-01'
    )
    expect(contributor.json.value[0].notActions).toContain('Microsoft.Authorization/*/Write')
  })
})
