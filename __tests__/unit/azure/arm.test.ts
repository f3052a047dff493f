import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as pipeline from '@azure/core-rest-pipeline'
import type { PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline'
import type { AccessToken } from '@azure/core-auth'
import { knownCloud } from '../../../src/azure/sign-in/clouds.js'
import { restDetails } from '../../../src/errors.js'
import {
  ACCOUNT_ID,
  COGNITIVE_SERVICES_USER,
  SUBSCRIPTION,
  USER_OID,
  roleDefinitionIdOf
} from '../../fixtures/ids.js'

/**
 * The Azure SDK clients as they are, over a transport that answers from memory: the test sees the requests the SDK
 * builds from what src/azure/arm.ts gives it, and src sees the SDK's own errors and results.
 */
interface Sent {
  readonly method: string
  readonly url: URL
  readonly body: unknown
  readonly authorization?: string
}
const sent: Sent[] = []
let answer: (request: Sent) => { status: number; body?: unknown }
const transport = {
  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const seen: Sent = {
      method: request.method,
      url: new URL(request.url),
      body: typeof request.body === 'string' ? JSON.parse(request.body) : undefined,
      authorization: request.headers.get('authorization')
    }
    sent.push(seen)
    const { status, body } = answer(seen)
    return {
      request,
      status,
      headers: pipeline.createHttpHeaders({ 'content-type': 'application/json' }),
      bodyAsText: body === undefined ? '' : JSON.stringify(body)
    }
  }
}
// The Resource Manager SDKs come in both module systems: replace the transport for each.
jest.unstable_mockModule('@azure/core-rest-pipeline', () => ({
  ...pipeline,
  createDefaultHttpClient: () => transport
}))
jest.mock('@azure/core-rest-pipeline', () => ({
  ...jest.requireActual<typeof pipeline>('@azure/core-rest-pipeline'),
  createDefaultHttpClient: () => transport
}))
const { createArmClient } = await import('../../../src/azure/arm.js')

const scopes: unknown[] = []
const credential = {
  getToken: async (scope: string | string[]): Promise<AccessToken> => {
    scopes.push(scope)
    return { token: 'arm-token', expiresOnTimestamp: Date.now() + 3_600_000 }
  }
}
const arm = () => createArmClient(credential, knownCloud('AzureCloud', {}), SUBSCRIPTION)
const ASSIGNMENT = '0f0e0d0c-0000-4000-8000-000000000001'
const ASSIGNMENT_ID = `${ACCOUNT_ID}/providers/Microsoft.Authorization/roleAssignments/${ASSIGNMENT}`
const armError = (status: number, code: string, message: string) => ({
  status,
  body: { error: { code, message } }
})

beforeEach(() => {
  sent.length = 0
  scopes.length = 0
  answer = () => ({ status: 200, body: {} })
})

describe('the Resource Manager client', () => {
  it('reads the account with its REST reader, api-version 2025-09-01 and a Resource Manager token', async () => {
    answer = () => ({
      status: 200,
      body: {
        id: ACCOUNT_ID,
        properties: {
          endpoint: 'https://ai-prod.cognitiveservices.azure.com/',
          endpoints: { 'Azure AI Model Inference API': 'https://ai-prod.services.ai.azure.com/' },
          customSubDomainName: 'ai-prod',
          publicNetworkAccess: 'Disabled'
        }
      }
    })
    expect(await arm().getAccount(ACCOUNT_ID)).toEqual({
      id: ACCOUNT_ID,
      endpoint: 'https://ai-prod.cognitiveservices.azure.com/',
      endpoints: { 'Azure AI Model Inference API': 'https://ai-prod.services.ai.azure.com/' },
      customSubDomainName: 'ai-prod',
      disableLocalAuth: undefined,
      publicNetworkAccess: 'Disabled'
    })
    expect(sent[0]?.url.pathname).toBe(ACCOUNT_ID)
    expect(sent[0]?.url.searchParams.get('api-version')).toBe('2025-09-01')
    expect(sent[0]?.authorization).toBe('Bearer arm-token')
    expect(scopes.flat()).toContain('https://management.core.windows.net//.default')
  })

  it('a missing account is explained by the client: which account, in which group, and what ARM said', async () => {
    answer = () => armError(404, 'ResourceNotFound', "The Resource 'x' was not found.")
    const missing = ACCOUNT_ID.replace(/ai-prod$/, 'nope')
    const error = await arm()
      .getAccount(missing)
      .catch((e) => e)
    expect(restDetails(error)).toMatchObject({ status: 404, code: 'ResourceNotFound' })
    expect(error.message).toContain(
      "Azure AI Services account 'nope' was not found in resource group 'rg-ml'"
    )
    expect(error.message).toContain("HTTP 404 ResourceNotFound: The Resource 'x' was not found.")
  })

  it('finds role definitions by name at the scope, quoting the name, and flattens their permissions', async () => {
    answer = () => ({
      status: 200,
      body: {
        value: [
          {
            id: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
            name: COGNITIVE_SERVICES_USER,
            properties: {
              roleName: "Bob's role",
              permissions: [
                { actions: ['a/read'], notActions: ['a/delete'] },
                { actions: ['b/*'], notActions: [], dataActions: ['Microsoft.CognitiveServices/*'] }
              ]
            }
          }
        ]
      }
    })
    expect(await arm().findRoleDefinitions(ACCOUNT_ID, "Bob's role")).toEqual([
      {
        id: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
        name: COGNITIVE_SERVICES_USER,
        roleName: "Bob's role",
        actions: ['a/read', 'b/*'],
        notActions: ['a/delete'],
        dataActions: ['Microsoft.CognitiveServices/*'],
        notDataActions: []
      }
    ])
    expect(sent[0]?.url.pathname).toBe(`${ACCOUNT_ID}/providers/Microsoft.Authorization/roleDefinitions`)
    expect(sent[0]?.url.searchParams.get('$filter')).toBe("roleName eq 'Bob''s role'")
    expect(sent[0]?.url.searchParams.get('api-version')).toBe('2022-04-01')
  })

  it('reads a role definition by GUID', async () => {
    answer = () => ({
      status: 200,
      body: { name: COGNITIVE_SERVICES_USER, properties: { roleName: 'Cognitive Services User' } }
    })
    expect(await arm().getRoleDefinition(ACCOUNT_ID, COGNITIVE_SERVICES_USER)).toMatchObject({
      roleName: 'Cognitive Services User',
      actions: [],
      notActions: []
    })
    expect(sent[0]?.url.pathname).toBe(
      `${ACCOUNT_ID}/providers/Microsoft.Authorization/roleDefinitions/${COGNITIVE_SERVICES_USER}`
    )
  })

  it.each([
    [201, true],
    [200, false]
  ])('PUTs an assignment; %d means created: %s', async (status, created) => {
    answer = () => ({ status, body: { id: ASSIGNMENT_ID, name: ASSIGNMENT, properties: {} } })
    const result = await arm().createAssignment({
      scope: ACCOUNT_ID,
      name: ASSIGNMENT,
      roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
      principalId: USER_OID,
      principalType: 'User',
      description: 'Granted by GitHub Actions'
    })
    expect(result).toMatchObject({ id: ASSIGNMENT_ID, created, resent: false })
    expect(sent[0]?.method).toBe('PUT')
    expect(sent[0]?.url.pathname).toBe(
      `${ACCOUNT_ID}/providers/Microsoft.Authorization/roleAssignments/${ASSIGNMENT}`
    )
    expect(sent[0]?.url.searchParams.get('api-version')).toBe('2022-04-01')
    expect(sent[0]?.body).toEqual({
      properties: {
        roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
        principalId: USER_OID,
        principalType: 'User',
        description: 'Granted by GitHub Actions'
      }
    })
  })

  it.each([
    [409, 'RoleAssignmentExists', 'The role assignment already exists.'],
    [400, 'PrincipalNotFound', `Principal ${USER_OID} does not exist in the directory.`],
    [
      403,
      'AuthorizationFailed',
      "does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write'"
    ],
    [400, 'UnmatchedPrincipalType', 'The principal type does not match']
  ])('a %d %s on PUT reaches src with its status and code', async (status, code, message) => {
    answer = () => armError(status, code, message)
    const error = await arm()
      .createAssignment({
        scope: ACCOUNT_ID,
        name: ASSIGNMENT,
        roleDefinitionId: 'r',
        principalId: USER_OID,
        description: ''
      })
      .catch((e) => e)
    expect(restDetails(error)).toEqual({ status, code })
    expect(sent).toHaveLength(1)
  })

  it("lists a principal's assignments with the quoted principalId filter, following next links", async () => {
    const item = (name: string, scope: string) => ({
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      name,
      properties: {
        scope,
        roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
        principalId: USER_OID
      }
    })
    answer = (request) =>
      request.url.searchParams.has('$skipToken')
        ? { status: 200, body: { value: [item('b', `/subscriptions/${SUBSCRIPTION}`)] } }
        : {
            status: 200,
            body: {
              value: [item('a', ACCOUNT_ID)],
              nextLink: `https://management.azure.com${ACCOUNT_ID}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$skipToken=2`
            }
          }
    const found = await arm().listAssignmentsOf(ACCOUNT_ID, USER_OID)
    expect(found.map((a) => [a.name, a.scope])).toEqual([
      ['a', ACCOUNT_ID],
      ['b', `/subscriptions/${SUBSCRIPTION}`]
    ])
    expect(found[0]).toEqual({
      id: `${ACCOUNT_ID}/providers/Microsoft.Authorization/roleAssignments/a`,
      name: 'a',
      scope: ACCOUNT_ID,
      roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
      principalId: USER_OID
    })
    expect(sent[0]?.url.pathname).toBe(`${ACCOUNT_ID}/providers/Microsoft.Authorization/roleAssignments`)
    expect(sent[0]?.url.searchParams.get('$filter')).toBe(`principalId eq '${USER_OID}'`)
    expect(sent).toHaveLength(2)
  })

  it.each([
    [200, 'removed'],
    [204, 'absent']
  ])('deletes by ID; %d means %s', async (status, outcome) => {
    answer = () => ({ status, body: status === 204 ? undefined : { id: ASSIGNMENT_ID } })
    expect(await arm().deleteAssignment(ASSIGNMENT_ID)).toBe(outcome)
    expect(sent[0]?.method).toBe('DELETE')
    expect(sent[0]?.url.pathname).toBe(ASSIGNMENT_ID)
  })

  /** The first attempt gets `first` (a reset, or an answer), every later one `then`. */
  const attempts = (first: 'reset' | { status: number }, then: { status: number; body?: unknown }) => {
    answer = () => {
      if (sent.length > 1) return then
      if (first === 'reset') throw new pipeline.RestError('socket hang up', { code: 'ECONNRESET' })
      return { ...first, body: { error: { code: 'Busy', message: 'busy' } } }
    }
  }

  it.each([
    ['a reset (the answer was lost)', 'reset' as const, 'removed'],
    ['a 500 (it may have been applied)', { status: 500 }, 'removed'],
    ['a 503 (not applied)', { status: 503 }, 'absent']
  ])('a DELETE resent after %s and answered 204 is %s', async (_, first, outcome) => {
    attempts(first, { status: 204 })
    expect(await arm().deleteAssignment(ASSIGNMENT_ID)).toBe(outcome)
    expect(sent.map((s) => s.method)).toEqual(['DELETE', 'DELETE'])
  })

  it("a PUT resent after a lost answer says so, with the assignment's createdBy and createdOn", async () => {
    attempts('reset', {
      status: 200,
      body: {
        id: ASSIGNMENT_ID,
        name: ASSIGNMENT,
        properties: { createdBy: USER_OID, createdOn: '2026-12-03T10:00:00.0000000Z' }
      }
    })
    const result = await arm().createAssignment({
      scope: ACCOUNT_ID,
      name: ASSIGNMENT,
      roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
      principalId: USER_OID,
      description: 'Granted by GitHub Actions'
    })
    expect(result).toMatchObject({
      created: false,
      resent: true,
      createdBy: USER_OID,
      createdOn: Date.parse('2026-12-03T10:00:00Z')
    })
  })

  it('never builds a URL with a double slash from a scope that starts with one', async () => {
    await arm().listAssignmentsOf(ACCOUNT_ID, USER_OID)
    await arm().findRoleDefinitions(ACCOUNT_ID, 'x')
    for (const request of sent) expect(request.url.pathname).not.toContain('//')
  })

  it("reads the caller's own permissions at a scope, page by page, and explains a refusal", async () => {
    answer = (request) =>
      request.url.searchParams.has('page')
        ? { status: 200, body: { value: [{ actions: ['*/read'], notActions: [] }] } }
        : {
            status: 200,
            body: {
              value: [
                {
                  actions: ['Microsoft.Authorization/roleAssignments/write'],
                  notActions: ['x'],
                  dataActions: []
                }
              ],
              nextLink: `https://management.azure.com${ACCOUNT_ID}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01&page=2`
            }
          }
    expect(await arm().listPermissions(ACCOUNT_ID)).toEqual([
      { actions: ['Microsoft.Authorization/roleAssignments/write'], notActions: ['x'] },
      { actions: ['*/read'], notActions: [] }
    ])
    expect(sent[0]?.method).toBe('GET')
    expect(sent[0]?.url.pathname).toBe(`${ACCOUNT_ID}/providers/Microsoft.Authorization/permissions`)
    expect(sent[0]?.url.searchParams.get('api-version')).toBe('2022-04-01')
    expect(sent[0]?.authorization).toBe('Bearer arm-token')
    answer = () =>
      armError(403, 'AuthorizationFailed', 'The client does not have authorization to perform action.')
    const error = await arm()
      .listPermissions(ACCOUNT_ID)
      .catch((e: unknown) => e)
    expect(String(error)).toContain("Reading the pipeline identity's own permissions at")
  })
})
