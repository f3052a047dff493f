// Property: whatever names are given and whatever Resource Manager answers, the only scope the action ever writes
// at is the account it was asked for (hardening issue; SPEC behaviour 1).
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { expectedAccountId, readAccount } from '../../src/scopes/account.js'
import { ActionError } from '../../src/errors.js'
import { parseAccountName, parseResourceGroup } from '../../src/inputs/validation.js'
import type { ArmClient } from '../../src/azure/arm.js'

const SUB = '00000000-1111-4000-8000-000000000002'

function armAnswering(id: string): ArmClient {
  const unused = async (): Promise<never> => {
    throw new Error('not used')
  }
  return {
    getAccount: async () => ({ id, endpoint: 'https://x.example/', customSubDomainName: 'x' }),
    getProject: unused,
    findRoleDefinitions: unused,
    getRoleDefinition: unused,
    createAssignment: unused,
    listAssignmentsOf: unused,
    listAssignmentsAt: unused,
    listAssignmentsAssignedTo: unused,
    deleteAssignment: unused,
    listDenyAssignmentsAt: unused,
    listPermissions: unused
  }
}

const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{1,30}$/)
const variant = fc.oneof(
  fc.constant((id: string) => id),
  fc.constant((id: string) => id.toUpperCase()),
  fc.constant((id: string) => `${id}/../../other`),
  fc.constant((id: string) => id.replace('/resourceGroups/', '/resourceGroups/evil-')),
  fc.constant((id: string) => id.replace(SUB, '99999999-1111-4000-8000-000000000002')),
  fc.constant((id: string) => `${id}/providers/Microsoft.Authorization/roleAssignments/x`),
  fc.constant((id: string) => id.slice(0, id.lastIndexOf('/'))),
  fc.constant(() => '')
)

describe('write scope', () => {
  it('is exactly the requested account, case-insensitively, or the run stops before any write', async () => {
    await fc.assert(
      fc.asyncProperty(name, name, variant, async (group, account, change) => {
        const rg = parseResourceGroup('resource-group', group)
        const acct = parseAccountName('resource-name', account)
        const expected = expectedAccountId(SUB, rg, acct)
        const returned = change(expected)
        const result = await readAccount(armAnswering(returned), expected).catch((error: unknown) => error)
        if (result instanceof ActionError) {
          expect(returned.toLowerCase()).not.toBe(expected.toLowerCase())
        } else {
          expect((result as { id: string }).id.toLowerCase()).toBe(expected.toLowerCase())
        }
      }),
      { numRuns: 1000 }
    )
  })
})
