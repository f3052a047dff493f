import { describe, expect, it } from '@jest/globals'
import { ActionError } from '../../../src/errors.js'
import { resolvePrincipals } from '../../../src/principals/principals.js'
import type { PrincipalContext } from '../../../src/principals/principals.js'
import { parsePrincipals } from '../../../src/inputs/principal-lines.js'
import type { PrincipalType, SelfIdentity } from '../../../src/types.js'
import { FORBIDDEN, FakeGraph, graphError } from '../../fixtures/graph.js'
import type { DirectoryEntry } from '../../fixtures/graph.js'
import { GROUP_OID, OTHER_OID, SELF_OID, SP_APP_ID, SP_OID, USER_OID } from '../../fixtures/ids.js'

const DIRECTORY: DirectoryEntry[] = [
  { id: USER_OID, type: 'User', displayName: 'Ada Lovelace', userPrincipalName: 'ada@contoso.com' },
  { id: GROUP_OID, type: 'Group', displayName: 'ML Team' },
  { id: SP_OID, type: 'ServicePrincipal', displayName: 'deploy-bot', appId: SP_APP_ID },
  { id: OTHER_OID, type: 'Other', displayName: 'a device' }
]

function context(
  graph: FakeGraph,
  principalType?: PrincipalType,
  self?: () => Promise<SelfIdentity>
): PrincipalContext & {
  graphOpened: () => number
} {
  let opened = 0
  return {
    self: self ?? (async () => ({ objectId: SELF_OID, type: 'ServicePrincipal' })),
    graph: () => {
      opened++
      return graph
    },
    principalType,
    graphOpened: () => opened
  }
}

const resolve = (lines: string, graph = new FakeGraph(DIRECTORY), principalType?: PrincipalType) =>
  resolvePrincipals(parsePrincipals('principal', lines), context(graph, principalType))

describe('self', () => {
  it("is the action's own identity, with no directory call", async () => {
    const graph = new FakeGraph(DIRECTORY)
    const ctx = context(graph)
    const [self] = await resolvePrincipals(parsePrincipals('principal', 'self'), ctx)
    expect(self).toMatchObject({
      objectId: SELF_OID,
      type: 'ServicePrincipal',
      displayName: 'the action itself'
    })
    expect(ctx.graphOpened()).toBe(0)
    expect(graph.calls).toEqual([])
  })

  it('an empty principal input means self', async () => {
    expect((await resolve('')).map((p) => p.objectId)).toEqual([SELF_OID])
  })
})

describe('bare object IDs', () => {
  it.each(['User', 'Group', 'ServicePrincipal'] as const)(
    'with principal-type %s: no Graph call at all',
    async (type) => {
      const graph = new FakeGraph().failAll(FORBIDDEN)
      const ctx = context(graph, type)
      const resolved = await resolvePrincipals(
        parsePrincipals('principal', `${USER_OID}\n${GROUP_OID.toUpperCase()}`),
        ctx
      )
      expect(resolved.map((p) => [p.objectId, p.type])).toEqual([
        [USER_OID, type],
        [GROUP_OID, type]
      ])
      expect(ctx.graphOpened()).toBe(0)
      expect(graph.calls).toEqual([])
    }
  )

  it('without principal-type: one getByIds call for all of them, duplicates once', async () => {
    const graph = new FakeGraph(DIRECTORY)
    const resolved = await resolve(`${USER_OID}\n${SP_OID}\n${USER_OID}`, graph)
    expect(resolved.map((p) => p.type)).toEqual(['User', 'ServicePrincipal', 'User'])
    expect(graph.calls).toEqual([{ method: 'getByIds', args: [[USER_OID, SP_OID]] }])
  })

  it('an ID the directory does not know is an error naming it', async () => {
    await expect(resolve('77777777-7777-4777-8777-777777777777')).rejects.toThrow(
      "Input 'principal': object ID 77777777-7777-4777-8777-777777777777 was not found in the directory"
    )
  })

  it('an object that is no user, group or service principal is refused', async () => {
    await expect(resolve(OTHER_OID)).rejects.toThrow('is not a user, group or service principal')
  })

  it('a Graph refusal on getByIds passes through as the client explained it', async () => {
    const refusal = FORBIDDEN()
    const graph = new FakeGraph().fail('getByIds', () => refusal)
    const error = await resolve(`${USER_OID}\n${GROUP_OID}`, graph).catch((e: unknown) => e)
    expect(error).toBe(refusal)
    expect(graph.calls).toEqual([{ method: 'getByIds', args: [[USER_OID, GROUP_OID]] }])
  })
})

describe('names', () => {
  it('user by UPN', async () => {
    const graph = new FakeGraph(DIRECTORY)
    const [user] = await resolve('user:ada@contoso.com', graph)
    expect(user).toMatchObject({ objectId: USER_OID, type: 'User', displayName: 'Ada Lovelace' })
    expect(graph.calls).toEqual([{ method: 'getUser', args: ['ada@contoso.com'] }])
  })

  it('user by object ID', async () => {
    expect((await resolve(`user:${USER_OID}`))[0]?.objectId).toBe(USER_OID)
  })

  it('group by display name', async () => {
    const graph = new FakeGraph(DIRECTORY)
    const [group] = await resolve('group:ML Team', graph)
    expect(group).toMatchObject({ objectId: GROUP_OID, type: 'Group' })
    expect(graph.calls).toEqual([{ method: 'findGroups', args: ['ML Team'] }])
  })

  it('group by object ID', async () => {
    const graph = new FakeGraph(DIRECTORY)
    expect((await resolve(`group:${GROUP_OID}`, graph))[0]?.type).toBe('Group')
    expect(graph.calls.map((c) => c.method)).toEqual(['getGroup'])
  })

  it('a group name matching several groups is an error listing them, never a guess', async () => {
    const twin = '88888888-8888-4888-8888-888888888888'
    const graph = new FakeGraph([...DIRECTORY, { id: twin, type: 'Group', displayName: 'ml team' }])
    const error = await resolve('group:ML Team', graph).catch((e: unknown) => e)
    expect((error as Error).message).toContain("2 objects match group name 'ML Team'")
    expect((error as Error).message).toContain(GROUP_OID)
    expect((error as Error).message).toContain(twin)
    expect((error as Error).message).toContain('Give the object ID')
  })

  it('sp by app ID', async () => {
    const graph = new FakeGraph(DIRECTORY)
    expect((await resolve(`sp:${SP_APP_ID}`, graph))[0]?.objectId).toBe(SP_OID)
    expect(graph.calls.map((c) => c.method)).toEqual(['getServicePrincipalByAppId'])
  })

  it('sp by object ID, when no app has that ID', async () => {
    const graph = new FakeGraph(DIRECTORY)
    expect((await resolve(`sp:${SP_OID}`, graph))[0]?.objectId).toBe(SP_OID)
    expect(graph.calls.map((c) => c.method)).toEqual(['getServicePrincipalByAppId', 'getServicePrincipal'])
  })

  it('sp by display name', async () => {
    expect((await resolve('sp:deploy-bot'))[0]).toMatchObject({ objectId: SP_OID, type: 'ServicePrincipal' })
  })

  it.each([
    ['user:nobody@contoso.com', "user 'nobody@contoso.com' was not found"],
    ['group:Nobody', "group name 'Nobody' was not found"],
    [`group:${OTHER_OID}`, `group '${OTHER_OID}' was not found`],
    ['sp:nobody', "service principal name 'nobody' was not found"],
    [`sp:${USER_OID}`, `service principal '${USER_OID}' was not found`]
  ])('%s: not found', async (line, expected) => {
    await expect(resolve(line)).rejects.toThrow(expected)
  })

  it.each([
    ['user:ada@contoso.com', 'getUser'],
    ['group:ML Team', 'findGroups'],
    [`group:${GROUP_OID}`, 'getGroup'],
    ['sp:deploy-bot', 'findServicePrincipals'],
    [`sp:${SP_APP_ID}`, 'getServicePrincipalByAppId']
  ] as const)(
    'a Graph refusal for %s keeps the message the client explained it with',
    async (line, method) => {
      const graph = new FakeGraph(DIRECTORY).failAll(FORBIDDEN)
      const error = await resolve(line, graph).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ActionError)
      expect((error as Error).message).toBe(FORBIDDEN().message)
      expect(graph.calls.map((c) => c.method)).toEqual([method])
    }
  )

  it('other Graph failures pass through as they are', async () => {
    const graph = new FakeGraph(DIRECTORY).fail('getUser', () =>
      graphError(503, 'ServiceUnavailable', 'try later')
    )
    await expect(resolve('user:ada@contoso.com', graph)).rejects.toThrow(
      graphError(503, 'ServiceUnavailable', 'try later').message
    )
  })

  it('a lookup that throws stops that line only: the others are still looked up, and all failures listed', async () => {
    const graph = new FakeGraph(DIRECTORY).fail('getUser', FORBIDDEN)
    const error = await resolve('user:ada@contoso.com\ngroup:ML Team\nsp:nobody', graph).catch(
      (e: unknown) => e
    )
    const message = (error as Error).message
    expect(message).toContain('2 principals could not be resolved; nothing was changed')
    expect(message).toContain(`- ${FORBIDDEN().message}`)
    expect(message).toContain("service principal name 'nobody' was not found")
    expect(graph.calls.map((c) => c.method).sort()).toEqual([
      'findGroups',
      'findServicePrincipals',
      'getUser'
    ])
  })
})

describe('several principals', () => {
  it('resolves in input order, mixing kinds', async () => {
    const resolved = await resolve(`user:ada@contoso.com\nself\ngroup:ML Team\nsp:${SP_APP_ID}`)
    expect(resolved.map((p) => p.objectId)).toEqual([USER_OID, SELF_OID, GROUP_OID, SP_OID])
    expect(resolved.map((p) => p.spec.raw)).toEqual([
      'user:ada@contoso.com',
      'self',
      'group:ML Team',
      `sp:${SP_APP_ID}`
    ])
  })

  it('lists every failure, not just the first, and says nothing was changed', async () => {
    const error = await resolve('user:nobody@contoso.com\nself\ngroup:Nobody\nsp:nobody').catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ActionError)
    expect((error as Error).message).toContain('3 principals could not be resolved; nothing was changed')
    expect((error as Error).message).toContain("user 'nobody@contoso.com'")
    expect((error as Error).message).toContain("group name 'Nobody'")
    expect((error as Error).message).toContain("service principal name 'nobody'")
  })

  it('a failing self is listed with the others', async () => {
    const graph = new FakeGraph(DIRECTORY)
    const ctx = context(graph, undefined, async () => {
      throw new ActionError('The Resource Manager token carries no oid claim')
    })
    const error = await resolvePrincipals(parsePrincipals('principal', 'self\ngroup:Nobody'), ctx).catch(
      (e: unknown) => e
    )
    expect((error as Error).message).toContain('2 principals could not be resolved')
    expect((error as Error).message).toContain('no oid claim')
  })
})

describe('needsGraph', () => {
  it('is true when a principal is named, or given by bare object ID without principal-type', async () => {
    const { needsGraph } = await import('../../../src/principals/principals.js')
    const self = { raw: 'self', kind: 'self' } as const
    const id = { raw: 'x', kind: 'object-id', objectId: 'x' } as const
    const group = { raw: 'group:g', kind: 'group', value: 'g', isGuid: false } as const
    expect(needsGraph([self])).toBe(false)
    expect(needsGraph([self, id], 'User')).toBe(false)
    expect(needsGraph([self, id])).toBe(true)
    expect(needsGraph([self, group], 'User')).toBe(true)
  })
})
