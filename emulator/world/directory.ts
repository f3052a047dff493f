// Directory look-ups shared by ARM (principal checks), Graph and the data plane (group membership).
import type { Group, ServicePrincipal, User, World } from './types.js'

export type PrincipalKind = 'User' | 'Group' | 'ServicePrincipal'

export type DirectoryObject =
  | { kind: 'User'; object: User }
  | { kind: 'Group'; object: Group }
  | { kind: 'ServicePrincipal'; object: ServicePrincipal }

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

export function findObject(world: World, id: string): DirectoryObject | undefined {
  const user = world.users.find((u) => same(u.id, id))
  if (user) return { kind: 'User', object: user }
  const group = world.groups.find((g) => same(g.id, id))
  if (group) return { kind: 'Group', object: group }
  const sp = world.servicePrincipals.find((s) => same(s.id, id))
  if (sp) return { kind: 'ServicePrincipal', object: sp }
  return undefined
}

/** Whether ARM's directory look-up would see the object now (it may exist but not be replicated yet). */
export function isReplicated(obj: DirectoryObject, now = Date.now()): boolean {
  return obj.object.replicatedAt === undefined || obj.object.replicatedAt <= now
}

/** The principal itself and every group it belongs to, directly or through nested groups. */
export function principalAndGroups(world: World, principalId: string): string[] {
  const found = new Set<string>([principalId.toLowerCase()])
  let grew = true
  while (grew) {
    grew = false
    for (const g of world.groups) {
      const id = g.id.toLowerCase()
      if (!found.has(id) && g.members.some((m) => found.has(m.toLowerCase()))) {
        found.add(id)
        grew = true
      }
    }
  }
  return [...found]
}

export function findServicePrincipalByAppId(world: World, appId: string): ServicePrincipal | undefined {
  return world.servicePrincipals.find((s) => same(s.appId, appId))
}
