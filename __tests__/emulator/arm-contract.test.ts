// The ARM double of the unit tests (__tests__/fixtures/arm.ts) and the emulator must answer alike, and both as
// Azure does: the same sequence of calls runs through the action's own ARM client against the emulator and
// against the double, and every answer is compared. When they disagree, fix the one that is not Azure.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import tls from 'node:tls'
import { ClientAssertionCredential } from '@azure/identity'
import { DEFAULT_IDS, ROLE_IDS, startEmulator, type Emulator } from '../../emulator/index.js'
import { helpers } from '../../harness/emulator-helpers.js'
import { createArmClient } from '../../src/azure/arm.js'
import type { ArmClient } from '../../src/azure/arm.js'
import { withArmErrors } from '../../src/azure/arm-errors.js'
import { expectedAccountId } from '../../src/scopes/account.js'
import { restDetails } from '../../src/errors.js'
import type { CloudEndpoints } from '../../src/azure/sign-in/clouds.js'
import { InMemoryArm } from '../fixtures/arm.js'

const SUB = DEFAULT_IDS.subscriptionId
const ACCOUNT = expectedAccountId(SUB, DEFAULT_IDS.resourceGroup, DEFAULT_IDS.account)
const ROLE = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS.cognitiveServicesUser}`
const ALICE = DEFAULT_IDS.users.alice.id
const NAME_1 = '0f6b7a56-1c2d-4e5f-8a9b-0c1d2e3f4a51'
const NAME_2 = '0f6b7a56-1c2d-4e5f-8a9b-0c1d2e3f4a52'

const put = (name: string, description: string) => ({
  scope: ACCOUNT,
  name,
  roleDefinitionId: ROLE,
  principalId: ALICE,
  principalType: 'User',
  description
})

/** The sequence, and what each step saw: values or the status and code of the error. */
async function scenario(arm: ArmClient): Promise<unknown[]> {
  const seen: unknown[] = []
  const step = async (work: () => Promise<unknown>): Promise<void> => {
    seen.push(
      await work().catch((error: unknown) => ({
        error: restDetails(error).status,
        code: restDetails(error).code
      }))
    )
  }
  const account = (id: string) => async () => (await arm.getAccount(id)).id?.toLowerCase()
  const listed = async () =>
    (await arm.listAssignmentsOf(ACCOUNT, ALICE)).map((a) => [a.name, a.scope.toLowerCase(), a.principalId])
  const project = (id: string) => async () => {
    const read = await arm.getProject(id)
    return [read.id?.toLowerCase(), Object.keys(read.endpoints ?? {})]
  }
  await step(account(ACCOUNT))
  await step(account(ACCOUNT.replace(/ai-demo$/, 'no-such-account')))
  await step(project(`${ACCOUNT}/projects/${DEFAULT_IDS.project}`))
  await step(project(`${ACCOUNT}/projects/no-such-project`))
  await step(project(`${ACCOUNT.replace(/ai-demo$/, 'no-such-account')}/projects/${DEFAULT_IDS.project}`))
  await step(listed)
  // Who made it and when differ by design (each signs in as its own identity, only the emulator keeps time).
  const created = (name: string, description: string) => async () => {
    const { createdBy, createdOn, ...answer } = await arm.createAssignment(put(name, description))
    return { ...answer, createdBy: typeof createdBy, createdOn: createdOn === undefined ? 'none' : 'some' }
  }
  await step(created(NAME_1, 'first'))
  await step(created(NAME_1, 'second'))
  await step(created(NAME_2, 'another name'))
  await step(listed)
  await step(() =>
    arm.deleteAssignment(`${ACCOUNT}/providers/Microsoft.Authorization/roleAssignments/${NAME_1}`)
  )
  await step(() =>
    arm.deleteAssignment(`${ACCOUNT}/providers/Microsoft.Authorization/roleAssignments/${NAME_1}`)
  )
  await step(listed)
  await step(async () => {
    const permissions = await arm.listPermissions(ACCOUNT)
    const holds = (action: string): boolean =>
      permissions.some((p) => p.actions.some((a) => a === action || a === 'Microsoft.Authorization/*'))
    return [
      holds('Microsoft.Authorization/roleAssignments/write'),
      holds('Microsoft.Authorization/roleAssignments/delete')
    ]
  })
  return seen
}

describe('the ARM double answers as the emulator does', () => {
  let emu: Emulator
  let real: ArmClient
  beforeAll(async () => {
    emu = await startEmulator()
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), emu.caPem])
    const assertion = async (): Promise<string> => (await helpers(emu).githubToken()).json.value as string
    const credential = new ClientAssertionCredential(
      DEFAULT_IDS.tenantId,
      DEFAULT_IDS.pipelineApp.clientId,
      assertion,
      {
        authorityHost: emu.urls.login,
        disableInstanceDiscovery: true
      }
    )
    const cloud = {
      resourceManager: emu.urls.arm,
      armScope: `${emu.urls.arm}/.default`
    } as CloudEndpoints
    real = createArmClient(credential, cloud, SUB)
  })
  afterAll(async () => {
    await emu.close()
  })

  it('reads, PUTs (new, same name again, same grant under another name), lists and deletes alike', async () => {
    const double = new InMemoryArm(SUB)
      .addAccount(DEFAULT_IDS.resourceGroup, DEFAULT_IDS.account)
      .addProject(DEFAULT_IDS.resourceGroup, DEFAULT_IDS.account, DEFAULT_IDS.project)
    const fromEmulator = await scenario(real)
    const fromDouble = await scenario(withArmErrors(double))
    expect(fromDouble).toEqual(fromEmulator)
    // And both as Azure: a PUT to an existing name updates it; the same grant under another name is a conflict.
    expect(fromEmulator[7]).toMatchObject({ created: false, description: 'second' })
    expect(fromEmulator[8]).toEqual({ error: 409, code: 'RoleAssignmentExists' })
    expect(fromEmulator[1]).toEqual({ error: 404, code: 'ResourceNotFound' })
    expect(fromEmulator[2]).toEqual([
      `${ACCOUNT}/projects/${DEFAULT_IDS.project}`.toLowerCase(),
      ['AI Foundry API']
    ])
    expect(fromEmulator[3]).toEqual({ error: 404, code: 'ResourceNotFound' })
  })

  it('lists deny assignments at a scope alike (none in a new tenant), and the assignments above it', async () => {
    const double = new InMemoryArm(SUB).addAccount(DEFAULT_IDS.resourceGroup, DEFAULT_IDS.account)
    expect(await withArmErrors(double).listDenyAssignmentsAt(ACCOUNT)).toEqual(
      await real.listDenyAssignmentsAt(ACCOUNT)
    )
    expect(await real.listDenyAssignmentsAt(ACCOUNT)).toEqual([])
  })
})
