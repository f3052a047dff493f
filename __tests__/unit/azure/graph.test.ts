import { describe, expect, it } from '@jest/globals'
import { createGraphClient } from '../../../src/azure/graph.js'
import { AzureError } from '../../../src/errors.js'
import { FakeHttp, json } from '../../fixtures/http.js'
import { GROUP_OID, SP_APP_ID, USER_OID } from '../../fixtures/ids.js'

const GRAPH = 'https://graph.microsoft.com'
const SCOPE = 'https://graph.microsoft.com/.default'
const client = (http: FakeHttp) => createGraphClient(http, GRAPH, SCOPE)

describe('Microsoft Graph lookups', () => {
  it('user by UPN: GET /v1.0/users/{upn}, with the Graph scope', async () => {
    const http = new FakeHttp(() => json(200, { id: USER_OID.toUpperCase(), displayName: 'Ada' }))
    expect(await client(http).getUser('ada@contoso.com')).toEqual({
      id: USER_OID,
      type: 'User',
      displayName: 'Ada'
    })
    expect(http.requests).toEqual([
      { method: 'GET', url: `${GRAPH}/v1.0/users/ada%40contoso.com`, scope: SCOPE }
    ])
  })

  it('a guest UPN with #EXT# stays in the path', async () => {
    const http = new FakeHttp(() => json(200, { id: USER_OID }))
    await client(http).getUser('ada_fabrikam.com#EXT#@contoso.onmicrosoft.com')
    const url = new URL(http.requests[0]?.url ?? '')
    expect(url.hash).toBe('')
    expect(decodeURIComponent(url.pathname)).toBe('/v1.0/users/ada_fabrikam.com#EXT#@contoso.onmicrosoft.com')
  })

  it('group by display name: $filter with the name quoted, quotes doubled', async () => {
    const http = new FakeHttp(() => json(200, { value: [{ id: GROUP_OID, displayName: "Ada's team" }] }))
    expect(await client(http).findGroups("Ada's team")).toEqual([
      { id: GROUP_OID, type: 'Group', displayName: "Ada's team" }
    ])
    expect(http.paths(GRAPH)).toEqual(["/v1.0/groups?$filter=displayName eq 'Ada''s team'"])
  })

  it.each(['../../users', 'a/b?c=d#e', "x' or displayName ne '", 'a&$top=999', '%2e%2e'])(
    'a display name (%j) cannot change the path or add query parameters',
    async (name) => {
      const http = new FakeHttp(() => json(200, { value: [] }))
      await client(http).findServicePrincipals(name)
      const url = new URL(http.requests[0]?.url ?? '')
      expect(url.pathname).toBe('/v1.0/servicePrincipals')
      expect([...url.searchParams.keys()]).toEqual(['$filter'])
      expect(url.searchParams.get('$filter')).toBe(`displayName eq '${name.replace(/'/g, "''")}'`)
      expect(url.hash).toBe('')
    }
  )

  it("service principal by app ID: servicePrincipals(appId='...')", async () => {
    const http = new FakeHttp(() => json(200, { id: 'X' }))
    expect(await client(http).getServicePrincipalByAppId(SP_APP_ID)).toMatchObject({
      id: 'x',
      type: 'ServicePrincipal'
    })
    expect(http.paths(GRAPH)).toEqual([`/v1.0/servicePrincipals(appId='${SP_APP_ID}')`])
  })

  it('group and service principal by object ID', async () => {
    const http = new FakeHttp(() => json(200, { id: GROUP_OID }))
    await client(http).getGroup(GROUP_OID)
    await client(http).getServicePrincipal(GROUP_OID)
    expect(http.paths(GRAPH)).toEqual([`/v1.0/groups/${GROUP_OID}`, `/v1.0/servicePrincipals/${GROUP_OID}`])
  })

  it('404 is "not found", not an error', async () => {
    const http = new FakeHttp(() =>
      json(404, { error: { code: 'Request_ResourceNotFound', message: 'nope' } })
    )
    expect(await client(http).getUser('nobody@contoso.com')).toBeUndefined()
    expect(await client(http).getServicePrincipalByAppId(SP_APP_ID)).toBeUndefined()
  })

  const denied = (): FakeHttp =>
    new FakeHttp(() =>
      json(
        403,
        {
          error: {
            code: 'Authorization_RequestDenied',
            message: 'Insufficient privileges to complete the operation.'
          }
        },
        { 'request-id': 'graph-req-1' }
      )
    )

  it.each([
    ['findGroups', 'Group.Read.All', "group name 'ML'"],
    ['getUser', 'User.Read.All', "user 'ML'"],
    ['getServicePrincipalByAppId', 'Application.Read.All', "service principal 'ML'"],
    ['findServicePrincipals', 'Application.Read.All', "service principal 'ML'"]
  ] as const)('403 on %s names the permission %s and the way around it', async (method, permission, what) => {
    const graph = client(denied())
    const error = await graph[method]('ML').catch((e) => e)
    expect(error).toBeInstanceOf(AzureError)
    expect(error).toMatchObject({
      statusCode: 403,
      code: 'Authorization_RequestDenied',
      requestId: 'graph-req-1'
    })
    expect(error.message).toContain(`Microsoft Graph refused to look up ${what}`)
    expect(error.message).toContain(`application permission ${permission} (with admin consent)`)
    expect(error.message).toContain('Insufficient privileges to complete the operation.')
    expect(error.message).toContain('principal-type, which needs no directory permission')
    expect(error.message).toContain('x-ms-request-id: graph-req-1')
  })

  it('403 on getByIds names Directory.Read.All', async () => {
    const error = await client(denied())
      .getByIds([USER_OID])
      .catch((e) => e)
    expect(error.message).toContain(`the type of object ID ${USER_OID}`)
    expect(error.message).toContain('Directory.Read.All')
  })

  it('an error without a body still says the status and what was looked up', async () => {
    const error = await client(new FakeHttp(() => json(500)))
      .getUser('x@y')
      .catch((e) => e)
    expect(error).toMatchObject({ statusCode: 500, code: undefined })
    expect(error.message).toBe("Looking up user 'x@y' in Microsoft Graph: HTTP 500: no message")
  })

  it('no answer at all says what was looked up and points at the proxy settings', async () => {
    const http = new FakeHttp(() => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' })
    })
    const error = await client(http)
      .getGroup(GROUP_OID)
      .catch((e) => e)
    expect(error.message).toContain(
      `Looking up group '${GROUP_OID}' in Microsoft Graph: connect ECONNREFUSED`
    )
    expect(error.message).toContain('HTTPS_PROXY / NO_PROXY')
  })

  it('getByIds: one POST, types from @odata.type, unknown kinds as Other, no type as unknown', async () => {
    const http = new FakeHttp(() =>
      json(200, {
        value: [
          { '@odata.type': '#microsoft.graph.user', id: USER_OID },
          { '@odata.type': '#microsoft.graph.group', id: GROUP_OID.toUpperCase() },
          { '@odata.type': '#microsoft.graph.servicePrincipal', id: 'sp' },
          { '@odata.type': '#microsoft.graph.device', id: 'dev' },
          { id: 'untyped' }
        ]
      })
    )
    const found = await client(http).getByIds([USER_OID, GROUP_OID])
    expect(found.map((o) => [o.id, o.type])).toEqual([
      [USER_OID, 'User'],
      [GROUP_OID, 'Group'],
      ['sp', 'ServicePrincipal'],
      ['dev', 'Other'],
      ['untyped', undefined]
    ])
    expect(http.requests).toEqual([
      {
        method: 'POST',
        url: `${GRAPH}/v1.0/directoryObjects/getByIds`,
        scope: SCOPE,
        body: { ids: [USER_OID, GROUP_OID], types: ['user', 'group', 'servicePrincipal'] }
      }
    ])
  })

  it('a list answer without value is empty', async () => {
    expect(await client(new FakeHttp(() => json(200, {}))).findGroups('x')).toEqual([])
  })
})

describe('group memberships (transitiveMemberOf)', () => {
  const GROUP_2 = '77777777-7777-4777-8777-777777777777'
  it('follows every page and keeps only groups (not directory roles)', async () => {
    const http = new FakeHttp((request) =>
      request.url.includes('skiptoken')
        ? json(200, { value: [{ '@odata.type': '#microsoft.graph.group', id: GROUP_2 }] })
        : json(200, {
            value: [
              { '@odata.type': '#microsoft.graph.group', id: GROUP_OID.toUpperCase() },
              { '@odata.type': '#microsoft.graph.directoryRole', id: '88888888-8888-4888-8888-888888888888' }
            ],
            '@odata.nextLink': `${GRAPH}/v1.0/users/${USER_OID}/transitiveMemberOf?$skiptoken=abc`
          })
    )
    expect(await client(http).transitiveGroupsOf(USER_OID, 'User')).toEqual([GROUP_OID, GROUP_2])
    expect(http.paths(GRAPH)).toEqual([
      `/v1.0/users/${USER_OID}/transitiveMemberOf?$select=id&$top=999`,
      `/v1.0/users/${USER_OID}/transitiveMemberOf?$skiptoken=abc`
    ])
  })

  it('asks the collection of the principal type, and a 403 names GroupMember.Read.All', async () => {
    const http = new FakeHttp(() =>
      json(403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } })
    )
    const refusal = await client(http)
      .transitiveGroupsOf(USER_OID, 'ServicePrincipal')
      .catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(AzureError)
    expect((refusal as AzureError).statusCode).toBe(403)
    expect((refusal as AzureError).message).toContain('GroupMember.Read.All')
    expect(http.paths(GRAPH)[0]).toMatch(/^\/v1\.0\/servicePrincipals\//)
  })
})
