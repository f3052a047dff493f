// The way the action will talk to the emulator: @azure/identity's ClientAssertionCredential signing in
// with a GitHub ID token, then the ARM SDKs reading the account and creating a role assignment. (The action reads
// accounts with a REST client of its own; the official SDK, a dev dependency, checks that the emulator serves it.)
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { AuthorizationManagementClient } from '@azure/arm-authorization'
import { CognitiveServicesManagementClient } from '@azure/arm-cognitiveservices'
import { ClientAssertionCredential } from '@azure/identity'
import { DEFAULT_IDS, ROLE_IDS, startEmulator, type Emulator } from '../../emulator/index.js'
import { helpers } from '../../harness/emulator-helpers.js'

describe('Azure SDKs against the emulator', () => {
  let emu: Emulator
  beforeAll(async () => {
    emu = await startEmulator()
  })
  afterAll(async () => {
    await emu.close()
  })

  it('signs in with OIDC, reads the account and assigns a role', async () => {
    const tlsOptions = { ca: emu.caPem }
    const getAssertion = async (): Promise<string> => (await helpers(emu).githubToken()).json.value as string
    const credential = new ClientAssertionCredential(
      DEFAULT_IDS.tenantId,
      DEFAULT_IDS.pipelineApp.clientId,
      getAssertion,
      {
        authorityHost: emu.urls.login,
        disableInstanceDiscovery: true,
        tlsOptions
      }
    )
    const clientOptions = {
      endpoint: emu.urls.arm,
      credentialScopes: [`${emu.urls.arm}/.default`],
      tlsOptions
    }
    const cs = new CognitiveServicesManagementClient(credential, DEFAULT_IDS.subscriptionId, clientOptions)
    const account = await cs.accounts.get(DEFAULT_IDS.resourceGroup, DEFAULT_IDS.account)
    expect(account.id).toBe(
      `/subscriptions/${DEFAULT_IDS.subscriptionId}/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/ai-demo`
    )
    expect(account.properties?.endpoints?.['Azure AI Model Inference API']).toBe(
      `${await emu.dataPlaneUrl()}/`
    )

    const authz = new AuthorizationManagementClient(credential, DEFAULT_IDS.subscriptionId, clientOptions)
    const scope = (account.id ?? '').slice(1)
    const name = '0f6b7a56-1c2d-4e5f-8a9b-0c1d2e3f4a5b'
    const body = {
      roleDefinitionId: `/subscriptions/${DEFAULT_IDS.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS.cognitiveServicesUser}`,
      principalId: DEFAULT_IDS.users.alice.id,
      principalType: 'User',
      description: 'granted by test'
    }
    const created = await authz.roleAssignments.create(scope, name, body)
    expect(created.name).toBe(name)
    expect(created.principalId).toBe(DEFAULT_IDS.users.alice.id)
    const again = await authz.roleAssignments.create(scope, name, body)
    expect(again.id).toBe(created.id)
    const statuses = emu.journal.filter((e) => e.service === 'arm' && e.method === 'PUT').map((e) => e.status)
    expect(statuses).toEqual([201, 200])

    const listed = []
    for await (const a of authz.roleAssignments.listForScope(scope, {
      filter: `principalId eq '${DEFAULT_IDS.users.alice.id}'`
    }))
      listed.push(a)
    expect(listed.map((a) => a.name)).toEqual([name])

    const defs = []
    for await (const d of authz.roleDefinitions.list(scope, {
      filter: "roleName eq 'cognitive services user'"
    }))
      defs.push(d)
    expect(defs.map((d) => d.name)).toEqual([ROLE_IDS.cognitiveServicesUser])

    const removed = await authz.roleAssignments.delete(scope, name)
    expect(removed.name).toBe(name)
    expect(emu.issuedTokens.some((t) => t.kind === 'entra-access-token')).toBe(true)
    expect(
      emu.journal.some(
        (e) => e.service === 'login' && e.path.endsWith('/oauth2/v2.0/token') && e.status === 200
      )
    ).toBe(true)
  })
})
