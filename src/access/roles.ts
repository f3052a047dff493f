import { BUILT_IN_ROLES } from '../roles/roles.js'
import { builtInDataPermissions, opensInference } from '../roles/data-actions.js'
import type { ArmClient } from '../azure/arm.js'
import type { JudgedRole } from './callers.js'

/** Judges roles by GUID, each once per run: built-ins by the table, any other by reading its definition. */
export interface RoleJudge {
  judge(scope: string, guids: Iterable<string>): Promise<ReadonlyMap<string, JudgedRole>>
}

const nameOfBuiltIn = (guid: string): string | undefined =>
  Object.entries(BUILT_IN_ROLES).find(([, id]) => id === guid)?.[0]

export function createRoleJudge(arm: ArmClient): RoleJudge {
  const known = new Map<string, Promise<JudgedRole>>()
  const one = (scope: string, guid: string): Promise<JudgedRole> => {
    const builtIn = builtInDataPermissions(guid)
    if (builtIn !== undefined)
      return Promise.resolve({ name: nameOfBuiltIn(guid) ?? guid, opens: opensInference(builtIn) })
    return arm
      .getRoleDefinition(scope, guid)
      .then((definition) => ({ name: definition.roleName || guid, opens: opensInference(definition) }))
  }
  return {
    async judge(scope, guids) {
      const wanted = [...new Set([...guids].map((guid) => guid.toLowerCase()))]
      for (const guid of wanted) if (!known.has(guid)) known.set(guid, one(scope, guid))
      const judged = await Promise.all(wanted.map(async (guid) => [guid, await known.get(guid)] as const))
      return new Map(judged.flatMap(([guid, role]) => (role === undefined ? [] : [[guid, role] as const])))
    }
  }
}
