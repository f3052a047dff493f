// Resource Manager: metadata, accounts, role definitions and role assignments with ARM's answers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  DEFAULT_IDS as ID,
  ROLE_IDS,
  startEmulator,
  type Emulator,
  type RoleAssignment,
  type World
} from '../../emulator/index.js'
import { helpers } from '../../harness/emulator-helpers.js'

const SUB = `/subscriptions/${ID.subscriptionId}`
const RG = `${SUB}/resourceGroups/${ID.resourceGroup}`
const ACCOUNT = `${RG}/providers/Microsoft.CognitiveServices/accounts/${ID.account}`
const roleDef = (guid: string): string => `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`
const NAME = '3c1d8e2a-5b6f-4a7c-9d8e-1f2a3b4c5d6e'
const assignmentPath = (scope: string, name = NAME): string =>
  `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`

describe('arm', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  let token: string
  let seed: World['roleAssignments']
  const seedAssignment = (): RoleAssignment => seed[0] as RoleAssignment
  beforeAll(async () => {
    emu = await startEmulator()
    h = helpers(emu)
    token = h.armToken()
    seed = [...emu.world.roleAssignments]
  })
  beforeEach(() => {
    emu.world.roleAssignments = [...seed]
  })
  afterAll(async () => emu.close())

  it('serves the cloud metadata pointing at the emulator', async () => {
    const res = await h.arm('GET', '/metadata/endpoints', undefined, undefined, '2022-09-01')
    expect(res.status).toBe(200)
    expect(res.json.authentication.loginEndpoint).toBe(emu.urls.login)
    expect(res.json.resourceManager).toBe(`${emu.urls.arm}/`)
    expect(res.json.microsoftGraphResourceId).toBe(`${emu.urls.graph}/`)
    expect(res.json.authentication.audiences).toEqual([`${emu.urls.arm}/`])
  })

  it('checks bearer tokens like ARM', async () => {
    const none = await h.arm('GET', ACCOUNT, undefined, undefined, '2025-09-01')
    expect(none.status).toBe(401)
    expect(none.headers['www-authenticate']).toContain('Bearer authorization_uri=')
    const forged = await h.arm('GET', ACCOUNT, `${token.slice(0, -4)}AAAA`, undefined, '2025-09-01')
    expect(forged.json.error.code).toBe('InvalidAuthenticationToken')
    const expired = emu.mintAccessToken({
      oid: ID.pipelineApp.objectId,
      aud: emu.urls.arm,
      lifetimeSeconds: -1
    })
    expect((await h.arm('GET', ACCOUNT, expired, undefined, '2025-09-01')).json.error.code).toBe(
      'ExpiredAuthenticationToken'
    )
    const graphToken = emu.mintAccessToken({
      oid: ID.pipelineApp.objectId,
      aud: 'https://graph.microsoft.com'
    })
    expect((await h.arm('GET', ACCOUNT, graphToken, undefined, '2025-09-01')).json.error.code).toBe(
      'InvalidAuthenticationTokenAudience'
    )
    // Without the trailing slash is fine too, as real ARM accepts both forms.
    const noSlash = emu.mintAccessToken({ oid: ID.pipelineApp.objectId, aud: emu.urls.arm })
    expect((await h.arm('GET', ACCOUNT, noSlash, undefined, '2025-09-01')).status).toBe(200)
  })

  it('returns accounts with endpoints on their own data-plane port, case-insensitively', async () => {
    const res = await h.arm(
      'GET',
      ACCOUNT.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'),
      token,
      undefined,
      '2025-09-01'
    )
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({
      id: ACCOUNT,
      name: 'ai-demo',
      kind: 'AIServices',
      type: 'Microsoft.CognitiveServices/accounts'
    })
    const url = `${await emu.dataPlaneUrl()}/`
    expect(res.json.properties).toMatchObject({
      endpoint: url,
      customSubDomainName: 'ai-demo',
      publicNetworkAccess: 'Enabled',
      provisioningState: 'Succeeded'
    })
    expect(res.json.properties.endpoints['Azure AI Model Inference API']).toBe(url)
    expect(res.json.properties.endpoints['OpenAI Language Model Instance API']).toBe(url)
    const nosub = await h.arm(
      'GET',
      `${RG}/providers/Microsoft.CognitiveServices/accounts/${ID.accountNoSubdomain}`,
      token,
      undefined,
      '2025-09-01'
    )
    expect(nosub.json.properties.customSubDomainName).toBeNull()
    expect(nosub.json.properties.endpoint).toBe(`${await emu.dataPlaneUrl(ID.accountNoSubdomain)}/`)
  })

  it('names what is missing: account, resource group, subscription', async () => {
    const acc = await h.arm(
      'GET',
      `${RG}/providers/Microsoft.CognitiveServices/accounts/nope`,
      token,
      undefined,
      '2025-09-01'
    )
    expect(acc.status).toBe(404)
    expect(acc.json.error).toEqual({
      code: 'ResourceNotFound',
      message:
        "The Resource 'Microsoft.CognitiveServices/accounts/nope' under resource group 'rg-ai' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"
    })
    // The app's permission is on rg-ai, so for another group ARM answers 403, as it does for real.
    emu.world.roleAssignments.push({
      ...seedAssignment(),
      name: 'ffffffff-0000-4000-8000-0000000000aa',
      scope: SUB
    })
    const rg = await h.arm(
      'GET',
      `${SUB}/resourceGroups/rg-missing/providers/Microsoft.CognitiveServices/accounts/x`,
      token,
      undefined,
      '2025-09-01'
    )
    expect(rg.json.error).toEqual({
      code: 'ResourceGroupNotFound',
      message: "Resource group 'rg-missing' could not be found."
    })
    const sub = await h.arm(
      'GET',
      `/subscriptions/99999999-0000-4000-8000-000000000000/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/x`,
      token,
      undefined,
      '2025-09-01'
    )
    expect(sub.json.error.code).toBe('SubscriptionNotFound')
  })

  it('finds role definitions by name (case-insensitive) and by GUID', async () => {
    const list = await h.arm(
      'GET',
      `${ACCOUNT}/providers/Microsoft.Authorization/roleDefinitions?$filter=${encodeURIComponent("roleName eq 'COGNITIVE SERVICES USER'")}`,
      token
    )
    expect(list.json.value).toHaveLength(1)
    expect(list.json.value[0]).toMatchObject({
      id: roleDef(ROLE_IDS.cognitiveServicesUser),
      name: ROLE_IDS.cognitiveServicesUser
    })
    expect(list.json.value[0].properties.permissions[0].dataActions).toEqual([
      'Microsoft.CognitiveServices/*'
    ])
    const one = await h.arm(
      'GET',
      `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS.owner}`,
      token
    )
    expect(one.json.properties.roleName).toBe('Owner')
    const root = await h.arm(
      'GET',
      `/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS.contributor}`,
      token
    )
    expect(root.json.id).toBe(`/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS.contributor}`)
    const missing = await h.arm(
      'GET',
      `${SUB}/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-4000-8000-000000000000`,
      token
    )
    expect(missing.status).toBe(404)
    expect(missing.json.error.code).toBe('RoleDefinitionDoesNotExist')
  })

  it('creates an assignment (201), repeats it (200), refuses changes (400) and duplicates (409)', async () => {
    const body = {
      properties: {
        roleDefinitionId: roleDef(ROLE_IDS.cognitiveServicesUser),
        principalId: ID.users.alice.id,
        principalType: 'User',
        description: 'test'
      }
    }
    const created = await h.arm('PUT', assignmentPath(ACCOUNT), token, body)
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({
      id: assignmentPath(ACCOUNT),
      name: NAME,
      type: 'Microsoft.Authorization/roleAssignments'
    })
    expect(created.json.properties).toMatchObject({
      scope: ACCOUNT,
      principalType: 'User',
      condition: null,
      createdBy: ID.pipelineApp.objectId,
      delegatedManagedIdentityResourceId: null
    })
    expect((await h.arm('PUT', assignmentPath(ACCOUNT), token, body)).status).toBe(200)
    const changed = await h.arm('PUT', assignmentPath(ACCOUNT), token, {
      properties: { ...body.properties, principalId: ID.users.bob.id }
    })
    expect(changed.json.error.code).toBe('RoleAssignmentUpdateNotPermitted')
    const dup = await h.arm(
      'PUT',
      assignmentPath(ACCOUNT, 'aaaaaaaa-1111-4222-8333-444444444444'),
      token,
      body
    )
    expect(dup.status).toBe(409)
    expect(dup.json.error).toEqual({
      code: 'RoleAssignmentExists',
      message: 'The role assignment already exists.'
    })
    expect(emu.roleAssignments()).toHaveLength(seed.length + 1)
  })

  it('answers PrincipalNotFound, UnmatchedPrincipalType and RoleDefinitionDoesNotExist', async () => {
    emu.world.users.push({
      id: 'bbbbbbbb-0000-4000-8000-0000000000ff',
      userPrincipalName: 'new@contoso.onmicrosoft.com',
      displayName: 'New',
      replicatedAt: Date.now() + 60_000
    })
    const base = {
      roleDefinitionId: roleDef(ROLE_IDS.cognitiveServicesUser),
      principalId: 'bbbbbbbb-0000-4000-8000-0000000000ff'
    }
    const notYet = await h.arm('PUT', assignmentPath(ACCOUNT), token, { properties: base })
    expect(notYet.status).toBe(400)
    expect(notYet.json.error.code).toBe('PrincipalNotFound')
    expect(notYet.json.error.message).toContain(
      'Principal bbbbbbbb0000400080000000000000ff does not exist in the directory'
    )
    // With principalType, ARM does not wait for replication.
    expect(
      (await h.arm('PUT', assignmentPath(ACCOUNT), token, { properties: { ...base, principalType: 'User' } }))
        .status
    ).toBe(201)
    const wrongType = await h.arm(
      'PUT',
      assignmentPath(ACCOUNT, 'aaaaaaaa-1111-4222-8333-444444444445'),
      token,
      { properties: { ...base, principalId: ID.groups.aiUsers.id, principalType: 'User' } }
    )
    expect(wrongType.json.error.code).toBe('UnmatchedPrincipalType')
    expect(wrongType.json.error.message).toContain(
      "has type 'Group' , which is different from specified PrincipalType 'User'."
    )
    const noRole = await h.arm(
      'PUT',
      assignmentPath(ACCOUNT, 'aaaaaaaa-1111-4222-8333-444444444446'),
      token,
      { properties: { ...base, roleDefinitionId: roleDef('00000000-0000-4000-8000-000000000000') } }
    )
    expect(noRole.json.error.code).toBe('RoleDefinitionDoesNotExist')
  })

  it('refuses callers without roleAssignments/write (Contributor cannot assign)', async () => {
    emu.world.roleAssignments.push({
      ...seedAssignment(),
      name: 'ffffffff-0000-4000-8000-0000000000ab',
      principalId: ID.servicePrincipals.webApp.id,
      roleDefinitionGuid: ROLE_IDS.contributor
    })
    const caller = h.armToken(ID.servicePrincipals.webApp.id, ID.servicePrincipals.webApp.appId)
    const body = {
      properties: {
        roleDefinitionId: roleDef(ROLE_IDS.cognitiveServicesUser),
        principalId: ID.users.alice.id,
        principalType: 'User'
      }
    }
    const res = await h.arm('PUT', assignmentPath(ACCOUNT), caller, body)
    expect(res.status).toBe(403)
    expect(res.json.error.message).toBe(
      `The client '${ID.servicePrincipals.webApp.appId}' with object id '${ID.servicePrincipals.webApp.id}' does not have authorization or an ABAC condition not fulfilled to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '${assignmentPath(ACCOUNT)}' or the scope is invalid. If access was recently granted, please refresh your credentials.`
    )
    const missingAccount = await h.arm(
      'PUT',
      assignmentPath(`${RG}/providers/Microsoft.CognitiveServices/accounts/nope`),
      token,
      body
    )
    expect(missingAccount.json.error.code).toBe('ResourceNotFound')
  })

  it('lists at, above and below the scope with ARM filters, and deletes', async () => {
    const body = (principalId: string) => ({
      properties: { roleDefinitionId: roleDef(ROLE_IDS.cognitiveServicesUser), principalId }
    })
    expect((await h.arm('PUT', assignmentPath(ACCOUNT), token, body(ID.users.alice.id))).status).toBe(201)
    expect(
      (
        await h.arm(
          'PUT',
          assignmentPath(ACCOUNT, 'aaaaaaaa-1111-4222-8333-444444444447'),
          token,
          body(ID.groups.aiUsers.id)
        )
      ).status
    ).toBe(201)
    const list = async (scope: string, filter?: string) =>
      (
        await h.arm(
          'GET',
          `${scope}/providers/Microsoft.Authorization/roleAssignments${filter ? `?$filter=${encodeURIComponent(filter)}` : ''}`,
          token
        )
      ).json.value
        .map((a: { name: string }) => a.name)
        .sort()
    expect(await list(ACCOUNT)).toEqual(
      [NAME, 'aaaaaaaa-1111-4222-8333-444444444447', ID.pipelineRbacAssignment].sort()
    )
    expect(await list(RG, `principalId eq '${ID.users.alice.id}'`)).toEqual([NAME])
    expect(await list(ACCOUNT, `assignedTo('${ID.users.alice.id}')`)).toEqual(
      [NAME, 'aaaaaaaa-1111-4222-8333-444444444447'].sort()
    )
    expect(await list(RG, 'atScope()')).toEqual([ID.pipelineRbacAssignment])
    const bad = await h.arm(
      'GET',
      `${RG}/providers/Microsoft.Authorization/roleAssignments?$filter=${encodeURIComponent(`atScope() and principalId eq '${ID.users.alice.id}'`)}`,
      token
    )
    expect(bad.status).toBe(400)

    const del = await h.arm('DELETE', assignmentPath(ACCOUNT), token)
    expect(del.status).toBe(200)
    expect(del.json.name).toBe(NAME)
    expect((await h.arm('DELETE', assignmentPath(ACCOUNT), token)).status).toBe(204)
    expect((await h.arm('GET', assignmentPath(ACCOUNT), token)).status).toBe(404)
  })

  it('answers 429 with Retry-After through an injected fault', async () => {
    emu.injectFault({
      service: 'arm',
      method: 'PUT',
      path: /roleAssignments\//,
      response: {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { error: { code: 'TooManyRequests', message: 'Too many requests' } }
      }
    })
    const body = {
      properties: {
        roleDefinitionId: roleDef(ROLE_IDS.cognitiveServicesUser),
        principalId: ID.users.alice.id
      }
    }
    const first = await h.arm('PUT', assignmentPath(ACCOUNT), token, body)
    expect(first.status).toBe(429)
    expect(first.headers['retry-after']).toBe('1')
    expect((await h.arm('PUT', assignmentPath(ACCOUNT), token, body)).status).toBe(201)
  })
})
