// Least privilege, end to end (SPEC "Least privilege: the pipeline identity"): dist/ against the emulator with the
// pipeline identity set up as platform teams do it: RBAC Administrator with the documented delegation condition,
// User Access Administrator on the subscription, or Contributor only. Every refusal comes before the first write.
import { describe, expect, it } from '@jest/globals'
import {
  DEFAULT_IDS,
  ROLE_IDS,
  delegatePipeline,
  pipelineAsContributorOnly,
  pipelineAsSubscriptionUserAccessAdministrator,
  type DelegationSpec,
  type Emulator,
  type World
} from '../../emulator/index.js'
import { ACCOUNT_SCOPE, act, errorOf, grantsOf, withEmulator, writes } from './harness.js'

const SELF = DEFAULT_IDS.pipelineApp.objectId
const ALICE = DEFAULT_IDS.users.alice.id
const GROUP = DEFAULT_IDS.groups.aiUsers.id
const delegated =
  (spec: DelegationSpec = {}) =>
  (world: World): void =>
    delegatePipeline(world, spec)
/** Requests Resource Manager refused with 403. */
const refused = (emulator: Emulator) =>
  emulator.journal.filter((e) => e.service === 'arm' && e.status === 403)
const annotations = (stdout: string, kind: 'notice' | 'warning'): string[] =>
  stdout.split('\n').filter((line) => line.startsWith(`::${kind}`))

describe('under the documented delegation condition', () => {
  it('assigns, with no refused request and no notice', async () => {
    await withEmulator({ world: delegated() }, async (emulator) => {
      const ok = await act(emulator, { principal: `self\nuser:${DEFAULT_IDS.users.alice.upn}` })
      expect(errorOf(ok)).toBe('')
      expect(ok.code).toBe(0)
      expect(grantsOf(emulator, SELF)).toHaveLength(1)
      expect(grantsOf(emulator, ALICE)).toHaveLength(1)
      expect(refused(emulator)).toEqual([])
      expect(annotations(ok.stdout, 'notice')).toEqual([])
    })
  })

  it('grants for the job and removes in the post step (main and post), then revokes and sweeps, all without a refusal', async () => {
    await withEmulator({ world: delegated() }, async (emulator) => {
      const inputs = { 'revoke-after-job': 'true', principal: ALICE, 'principal-type': 'User' }
      const main = await act(emulator, inputs)
      expect(errorOf(main)).toBe('')
      expect(grantsOf(emulator, ALICE)).toHaveLength(1)
      const post = await act(emulator, inputs, { entry: 'post', state: main.state })
      expect(post.stdout).not.toContain('::error::')
      expect(grantsOf(emulator, ALICE)).toHaveLength(0)

      await act(emulator, { principal: ALICE, 'principal-type': 'User' })
      const revoke = await act(emulator, { mode: 'revoke', principal: ALICE, 'principal-type': 'User' })
      expect(errorOf(revoke)).toBe('')
      expect(grantsOf(emulator, ALICE)).toHaveLength(0)

      const expired = await act(emulator, { ...inputs, 'expires-after': '5m' })
      expect(expired.code).toBe(0)
      const grant = grantsOf(emulator, ALICE)[0]
      if (grant !== undefined) grant.description = 'temporary until 2020-01-01T00:00:00Z'
      const sweep = await act(emulator, { mode: 'sweep' })
      expect(errorOf(sweep)).toBe('')
      expect(sweep.outputs.changed).toBe('true')
      expect(grantsOf(emulator, ALICE)).toHaveLength(0)
      expect(refused(emulator)).toEqual([])
    })
  })

  it.each([
    ['a real run', 'false'],
    ['a dry run', 'true']
  ])(
    'refuses a role outside the condition before any PUT (%s), naming what it allows',
    async (_what, dryRun) => {
      await withEmulator({ world: delegated() }, async (emulator) => {
        const result = await act(emulator, {
          role: 'Cognitive Services OpenAI User',
          principal: ALICE,
          'principal-type': 'User',
          'dry-run': dryRun
        })
        expect(result.code).not.toBe(0)
        expect(writes(emulator)).toEqual([])
        expect(result.summary).not.toContain('would create')
        const error = errorOf(result)
        expect(error).toContain("The pipeline identity's ABAC condition does not allow 1 of the 1")
        expect(error).toContain('allows only the roles Cognitive Services User, Azure AI User')
        expect(error).toContain(`Add ${ROLE_IDS.openAiUser} to its clause`)
      })
    }
  )

  it.each([
    ['a real run', 'false'],
    ['a dry run', 'true']
  ])(
    'refuses the whole plan when a principal type is outside the condition (%s): self is not written either',
    async (_what, dryRun) => {
      await withEmulator({ world: delegated({ principalTypes: ['ServicePrincipal'] }) }, async (emulator) => {
        const result = await act(emulator, { principal: `self\n${GROUP}`, 'dry-run': dryRun })
        expect(result.code).not.toBe(0)
        expect(writes(emulator)).toEqual([])
        expect(grantsOf(emulator, SELF)).toHaveLength(0)
        expect(errorOf(result)).toContain(
          "Add 'Group' to its clause @Request[Microsoft.Authorization/roleAssignments:PrincipalType]"
        )
      })
    }
  )
})

describe("Resource Manager's 403", () => {
  it('says it was the condition when a condition the action cannot read refuses the write', async () => {
    const foreign = (world: World): void => {
      delegatePipeline(world)
      const held = world.roleAssignments.find((a) => a.principalId === SELF)
      if (held !== undefined)
        held.condition =
          "@Principal[Microsoft.Directory/CustomSecurityAttributes/Attributes:Team_x] StringEquals 'ml'"
    }
    await withEmulator({ world: foreign }, async (emulator) => {
      const result = await act(emulator, { principal: ALICE, 'principal-type': 'User' })
      expect(result.code).not.toBe(0)
      expect(refused(emulator)).toHaveLength(1)
      const error = errorOf(result)
      expect(error).toContain('does not have authorization or an ABAC condition not fulfilled')
      expect(error).toContain('Of the two causes Resource Manager names, it is the ABAC condition')
    })
  })
})

describe('an identity that cannot write role assignments', () => {
  it('fails its dry run with Contributor only, naming the permission and the least-privilege setup, and sends no PUT', async () => {
    await withEmulator({ world: pipelineAsContributorOnly }, async (emulator) => {
      const result = await act(emulator, { 'dry-run': 'true' })
      expect(result.code).not.toBe(0)
      expect(writes(emulator)).toEqual([])
      const error = errorOf(result)
      expect(error).toContain(`lacks 'Microsoft.Authorization/roleAssignments/write' at ${ACCOUNT_SCOPE}`)
      expect(error).toContain(
        `az role assignment create --assignee-object-id ${SELF} --assignee-principal-type ServicePrincipal --role "Role Based Access Control Administrator" --scope ${ACCOUNT_SCOPE} --condition "`
      )
      expect(error).toContain('--condition-version 2.0')
    })
  })
})

describe('advice when the identity holds too much', () => {
  it('gives exactly one notice with User Access Administrator on the subscription, and grants as before', async () => {
    await withEmulator({ world: pipelineAsSubscriptionUserAccessAdministrator }, async (emulator) => {
      const result = await act(emulator, { principal: `self\nuser:${DEFAULT_IDS.users.alice.upn}` })
      expect(errorOf(result)).toBe('')
      expect(result.code).toBe(0)
      expect(grantsOf(emulator, ALICE)).toHaveLength(1)
      const notices = annotations(result.stdout, 'notice')
      expect(notices).toHaveLength(1)
      expect(notices[0]).toContain(
        `unconditioned User Access Administrator at /subscriptions/${DEFAULT_IDS.subscriptionId}`
      )
      expect(notices[0]).toContain(`--scope ${ACCOUNT_SCOPE}`)
    })
  })
})

describe('roles that cannot call models', () => {
  it('refuses Cognitive Services Contributor with a wait before any PUT, naming roles that can', async () => {
    await withEmulator({}, async (emulator) => {
      const result = await act(emulator, {
        role: 'Cognitive Services Contributor',
        'wait-for-propagation': 'true',
        principal: ALICE,
        'principal-type': 'User'
      })
      expect(result.code).not.toBe(0)
      expect(writes(emulator)).toEqual([])
      expect(
        emulator.journal.filter((e) => e.service !== 'arm' && e.service !== 'login' && e.service !== 'github')
      ).toEqual([])
      expect(errorOf(result)).toContain(
        "'Cognitive Services Contributor' has no data actions, so it can never call a model"
      )
      expect(errorOf(result)).toContain(
        'Cognitive Services User, Cognitive Services OpenAI User, Azure AI User'
      )
    })
  })

  it('grants Reader without a wait, with a warning that it gives no inference access', async () => {
    await withEmulator({}, async (emulator) => {
      const result = await act(emulator, { role: 'Reader', principal: ALICE, 'principal-type': 'User' })
      expect(errorOf(result)).toBe('')
      expect(result.code).toBe(0)
      expect(grantsOf(emulator, ALICE, ROLE_IDS.reader)).toHaveLength(1)
      expect(annotations(result.stdout, 'warning').join('\n')).toContain("'Reader' has no data actions")
    })
  })
})
