// Foundry projects, several accounts in one step, resource IDs anywhere in the tenant, and a cloud whose
// api-versions lag: dist/index.js against the emulator, as a runner runs it.
import { describe, expect, it } from '@jest/globals'
import { addAccount, addFleet, DEFAULT_IDS, ROLE_IDS, SECOND_SUBSCRIPTION_ID } from '../../emulator/index.js'
import type { Account, Emulator, JournalEntry, World } from '../../emulator/index.js'
import { PRINCIPAL_CONCURRENCY } from '../../src/constants.js'
import { act, ACCOUNT_SCOPE, errorOf, requestsTo, withEmulator, writes } from './harness.js'

const SELF = DEFAULT_IDS.pipelineApp.objectId
const ALICE = DEFAULT_IDS.users.alice
const PROJECT_SCOPE = `${ACCOUNT_SCOPE}/projects/${DEFAULT_IDS.project}`
const EU_SCOPE = `/subscriptions/${SECOND_SUBSCRIPTION_ID}/resourceGroups/rg-ai-eu/providers/Microsoft.CognitiveServices/accounts/ai-eu`

/** The live assignments at a scope: principal and role GUID. */
const grantsAt = (emulator: Emulator, scope: string): [string, string][] =>
  emulator.world.roleAssignments
    .filter((a) => a.scope.toLowerCase() === scope.toLowerCase())
    .map((a) => [a.principalId, a.roleDefinitionGuid])

const refusedVersions = (emulator: Emulator) =>
  requestsTo(emulator, 'arm').filter(
    (e) => e.status === 400 && e.responseBody.includes('NoRegisteredProviderFound')
  )

/** The inputs without an account: for resource-ids, which name every scope themselves. */
function withoutAccount(emulator: Emulator): Record<string, string> {
  const named = new Set(['resource-group', 'resource-name', 'subscription-id'])
  return Object.fromEntries(Object.entries(emulator.inputs()).filter(([name]) => !named.has(name)))
}

describe('Foundry projects and several scopes', () => {
  it.concurrent(
    'a project: Azure AI User at the project, and a wait on the project endpoint with an ai.azure.com token',
    () =>
      withEmulator({ propagationDelayMs: 5_000 }, async (emulator) => {
        const result = await act(
          emulator,
          { project: DEFAULT_IDS.project, 'wait-for-propagation': 'true' },
          { timeoutMs: 40_000 }
        )
        expect(result.code).toBe(0)
        expect(grantsAt(emulator, PROJECT_SCOPE)).toEqual([[SELF, ROLE_IDS.azureAiUser]])
        expect(grantsAt(emulator, ACCOUNT_SCOPE)).toEqual([])
        expect(result.outputs['resource-id']).toBe(PROJECT_SCOPE)
        expect(result.outputs.endpoint).toBe(await emulator.projectEndpoint())
        expect(result.outputs['propagation-seconds']).toMatch(/^\d+\.\d$/)
        const probes = requestsTo(emulator, 'dataplane')
        expect(
          new Set(probes.map((p) => `${p.method} ${p.path}?api-version=${p.query['api-version']}`))
        ).toEqual(new Set([`GET /api/projects/${DEFAULT_IDS.project}/deployments?api-version=v1`]))
        expect(probes[0]?.status).toBe(401)
        expect(probes.at(-1)?.status).toBe(200)
        const dataTokens = emulator.issuedTokens.filter(
          (t) => t.claims.oid === SELF && t.claims.aud !== `${emulator.urls.arm}/`
        )
        expect(new Set(dataTokens.map((t) => t.claims.aud))).toEqual(new Set(['https://ai.azure.com']))
        // The project's role does not open the account's own endpoints.
        expect(emulator.accessEffectiveAt(SELF)).toBeUndefined()
        const document = JSON.parse(result.outputs.result ?? '')
        expect(document.scopes[0]).toMatchObject({
          scope: PROJECT_SCOPE,
          kind: 'project',
          role: { name: 'Azure AI User' },
          principals: [{ principal: 'self', objectId: SELF, result: 'created' }],
          wait: { outcome: 'access works' }
        })
        expect(result.summary).toContain(`| Azure AI User | \`${PROJECT_SCOPE}\` | created |`)
      }),
    60_000
  )

  it.concurrent('two accounts from resource-name: every principal at each, one table grouped by scope', () =>
    withEmulator({ world: (w) => void addAccount(w, { name: 'ai-demo-2' }) }, async (emulator) => {
      const second = ACCOUNT_SCOPE.replace(/ai-demo$/, 'ai-demo-2')
      const result = await act(emulator, {
        'resource-name': `${DEFAULT_IDS.account}\nai-demo-2`,
        principal: `self\nuser:${ALICE.upn}`
      })
      expect(result.code).toBe(0)
      for (const scope of [ACCOUNT_SCOPE, second]) {
        expect(grantsAt(emulator, scope).sort()).toEqual(
          [
            [SELF, ROLE_IDS.cognitiveServicesUser],
            [ALICE.id, ROLE_IDS.cognitiveServicesUser]
          ].sort()
        )
      }
      expect(result.outputs['resource-id']).toBe(`${ACCOUNT_SCOPE}\n${second}`)
      expect(result.outputs.endpoint?.split('\n')).toEqual([
        `${await emulator.dataPlaneUrl()}/`,
        `${await emulator.dataPlaneUrl('ai-demo-2')}/`
      ])
      const ids = result.outputs['role-assignment-ids']?.split('\n') ?? []
      expect(ids).toHaveLength(4)
      expect(ids.slice(0, 2).every((id) => id.startsWith(`${ACCOUNT_SCOPE}/providers/`))).toBe(true)
      expect(ids.slice(2).every((id) => id.startsWith(`${second}/providers/`))).toBe(true)
      expect(result.summary).toContain('| Scope | Principal | Object ID | Type | Role | Result |')
      expect(result.summary).toContain(`| **ai-demo-2** (account) \`${second}\` | self |`)
    })
  )

  it.concurrent(
    'resource-ids: an account in another subscription and resource group, and a project, each with its role',
    () =>
      withEmulator(
        {
          world: (w) =>
            void addAccount(w, {
              name: 'ai-eu',
              resourceGroup: 'rg-ai-eu',
              subscriptionId: SECOND_SUBSCRIPTION_ID,
              location: 'westeurope'
            })
        },
        async (emulator) => {
          const result = await act(
            emulator,
            { ...withoutAccount(emulator), 'resource-ids': `${EU_SCOPE}\n${PROJECT_SCOPE}` },
            { bare: true }
          )
          expect(result.code).toBe(0)
          expect(grantsAt(emulator, EU_SCOPE)).toEqual([[SELF, ROLE_IDS.cognitiveServicesUser]])
          expect(grantsAt(emulator, PROJECT_SCOPE)).toEqual([[SELF, ROLE_IDS.azureAiUser]])
          const put = writes(emulator).find((e) => e.path.startsWith(EU_SCOPE))
          expect(JSON.parse(put?.body ?? '{}').properties.roleDefinitionId).toBe(
            `/subscriptions/${SECOND_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS.cognitiveServicesUser}`
          )
          expect(result.outputs['resource-id']).toBe(`${EU_SCOPE}\n${PROJECT_SCOPE}`)
          const document = JSON.parse(result.outputs.result ?? '')
          expect(
            document.scopes.map((s: { kind: string; role: { name: string } }) => [s.kind, s.role.name])
          ).toEqual([
            ['account', 'Cognitive Services User'],
            ['project', 'Azure AI User']
          ])
        }
      )
  )

  it.concurrent('the renamed name Foundry User is the same role, resolved without a lookup', () =>
    withEmulator({ world: (w) => void (w.roleNames = 'foundry') }, async (emulator) => {
      const result = await act(emulator, { project: DEFAULT_IDS.project, role: 'Foundry User' })
      expect(result.code).toBe(0)
      expect(grantsAt(emulator, PROJECT_SCOPE)).toEqual([[SELF, ROLE_IDS.azureAiUser]])
      expect(requestsTo(emulator, 'arm').filter((e) => e.path.includes('/roleDefinitions'))).toEqual([])
    })
  )

  it.concurrent('a missing scope among several stops the run before any write, naming each', () =>
    withEmulator({}, async (emulator) => {
      const result = await act(emulator, {
        'resource-name': `${DEFAULT_IDS.account}\nai-gone`
      })
      expect(result.code).toBe(1)
      expect(errorOf(result)).toContain(
        "Azure AI Services account 'ai-gone' was not found in resource group 'rg-ai'"
      )
      expect(writes(emulator)).toEqual([])
    })
  )

  it.concurrent('resource-ids and resource-name together are refused before any request', () =>
    withEmulator({}, async (emulator) => {
      const result = await act(emulator, { 'resource-ids': ACCOUNT_SCOPE })
      expect(result.code).toBe(1)
      expect(errorOf(result)).toContain("Input 'resource-group': cannot be combined with resource-ids")
      expect(emulator.journal).toEqual([])
    })
  )
})

/** The most entries whose spans overlap at any one time: requests in flight together at the emulator. */
function mostInFlight(entries: readonly JournalEntry[]): number {
  const edges = entries.flatMap((e) => [
    { at: e.startedAt, step: 1 },
    { at: e.endedAt, step: -1 }
  ])
  // An answer that ends as another request starts is not in flight with it.
  edges.sort((a, b) => a.at - b.at || a.step - b.step)
  let now = 0
  let most = 0
  for (const edge of edges) most = Math.max(most, (now += edge.step))
  return most
}

describe('a fleet in one step: writes a bounded number at a time', () => {
  const USERS = Array.from({ length: 6 }, (_, index) => ({
    id: `bbbbbbbb-0000-4000-8000-000000e00${String(index + 1).padStart(3, '0')}`,
    userPrincipalName: `bounded-${index + 1}@${DEFAULT_IDS.tenantDomain}`,
    displayName: `Bounded User ${index + 1}`
  }))
  let fleet: Account[] = []
  const shape = (world: World): void => {
    world.users.push(...USERS)
    fleet = addFleet(world, 4, { prefix: 'ai-bounded' })
  }
  const idOf = (a: Account): string =>
    `/subscriptions/${a.subscriptionId}/resourceGroups/${a.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${a.name}`

  it.concurrent(
    `4 accounts x 6 principals: all 24 written, never more than ${PRINCIPAL_CONCURRENCY} PUTs in flight, and more than one at once`,
    () =>
      withEmulator({ armLatencyMs: 150, world: shape }, async (emulator) => {
        const result = await act(emulator, {
          'resource-group': '',
          'resource-name': '',
          'resource-ids': fleet.map(idOf).join('\n'),
          principal: USERS.map((u) => u.id).join('\n'),
          'principal-type': 'User'
        })
        expect(result.code).toBe(0)
        const puts = writes(emulator).filter((e) => e.method === 'PUT')
        expect(puts).toHaveLength(24)
        expect(puts.every((e) => e.status === 201)).toBe(true)
        const most = mostInFlight(puts)
        expect(most).toBeLessThanOrEqual(PRINCIPAL_CONCURRENCY)
        expect(most).toBeGreaterThan(1)
      })
  )
})

describe('a cloud whose api-versions lag', () => {
  const LAGGING = { cognitiveServicesApiVersions: ['2024-10-01', '2023-05-01', '2022-12-01'] }

  it.concurrent('serves accounts only up to 2024-10-01: granted, with at most one refused request', () =>
    withEmulator(
      { ...LAGGING, world: (w) => void addAccount(w, { name: 'ai-demo-2' }) },
      async (emulator) => {
        const result = await act(emulator, { 'resource-name': `${DEFAULT_IDS.account}\nai-demo-2` })
        expect(result.code).toBe(0)
        expect(refusedVersions(emulator)).toHaveLength(1)
        const reads = requestsTo(emulator, 'arm').filter((e) => /\/accounts\/[^/]+$/i.test(e.path))
        expect(reads.map((e) => e.query['api-version'])).toEqual(['2025-09-01', '2024-10-01', '2024-10-01'])
        expect(grantsAt(emulator, ACCOUNT_SCOPE)).toEqual([[SELF, ROLE_IDS.cognitiveServicesUser]])
        expect(result.stdout).toContain('using 2024-10-01, the newest it lists')
      }
    )
  )

  it.concurrent('has no Foundry projects: says so plainly, and writes nothing', () =>
    withEmulator(LAGGING, async (emulator) => {
      const result = await act(emulator, { project: DEFAULT_IDS.project })
      expect(result.code).toBe(1)
      expect(errorOf(result)).toContain('Resource Manager in this cloud does not know Foundry projects')
      expect(errorOf(result)).toContain('need api-version 2025-06-01 or later')
      expect(writes(emulator)).toEqual([])
    })
  )

  it.concurrent('lists only a preview for projects: too old for them, said plainly after one refusal', () =>
    withEmulator({ cognitiveServicesApiVersions: ['2025-04-01-preview', '2024-10-01'] }, async (emulator) => {
      const result = await act(emulator, { project: DEFAULT_IDS.project })
      expect(result.code).toBe(1)
      expect(errorOf(result)).toContain(
        'serves Microsoft.CognitiveServices/accounts/projects in only api-versions 2025-04-01-preview'
      )
      expect(errorOf(result)).toContain('needs 2025-06-01 or later, which this cloud does not offer yet')
      expect(refusedVersions(emulator)).toHaveLength(1)
      expect(writes(emulator)).toEqual([])
    })
  )
})
