import { describe, expect, it } from '@jest/globals'
import { ActionError } from '../../../src/errors.js'
import {
  READ_PERMISSION_HELP,
  WRITE_PERMISSION_HELP,
  explainArmError,
  namesOf
} from '../../../src/azure/arm-errors.js'
import { restDetails } from '../../../src/errors.js'
import { armError } from '../../fixtures/arm.js'
import { ACCOUNT_ID } from '../../fixtures/ids.js'

const explain = (error: unknown) => explainArmError(error, 'Doing it', ACCOUNT_ID)

describe('explainArmError', () => {
  it('403 AuthorizationFailed names the permission, the roles that carry it, and that Contributor does not', () => {
    const error = explain(
      armError(
        403,
        'AuthorizationFailed',
        "The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '/subscriptions/s'"
      )
    )
    expect(error.message).toContain('Doing it: Resource Manager refused (403 AuthorizationFailed)')
    expect(error.message).toContain('Microsoft.Authorization/roleAssignments/write')
    for (const role of ['Role Based Access Control Administrator', 'User Access Administrator', 'Owner']) {
      expect(WRITE_PERMISSION_HELP).toContain(role)
    }
    expect(error.message).toContain('Contributor does not carry it')
  })

  it('403 AuthorizationFailed on a delete is the same permission story', () => {
    const said =
      "does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/delete'"
    expect(explain(armError(403, 'AuthorizationFailed', said)).message).toContain(WRITE_PERMISSION_HELP)
  })

  it('403 AuthorizationFailed on a read says ARM hides missing resources behind 403, naming them', () => {
    const said =
      "The client 'x' does not have authorization to perform action 'Microsoft.CognitiveServices/accounts/read' over scope '/subscriptions/s/resourceGroups/rg-ml'"
    const message = explain(armError(403, 'AuthorizationFailed', said)).message
    expect(message).toContain(READ_PERMISSION_HELP)
    expect(message).toContain("(resource group 'rg-ml', account 'ai-prod')")
    expect(message).not.toContain('Contributor does not carry it')
  })

  it('an error that was explained already (a sign-in failure inside an SDK call) is passed on as it is', () => {
    const signIn = new ActionError('Signing in to Microsoft Entra ID failed (AADSTS700016): ...')
    expect(explain(signIn)).toBe(signIn)
  })

  it('keeps the cause', () => {
    const cause = armError(404, 'ResourceNotFound')
    expect(explain(cause).cause).toBe(cause)
  })

  it('InvalidAuthenticationTokenTenant points at tenant-id and subscription-id', () => {
    expect(explain(armError(401, 'InvalidAuthenticationTokenTenant')).message).toContain(
      'Check tenant-id and subscription-id'
    )
  })

  it('other answers keep ARM message with status and code', () => {
    expect(explain(armError(409, 'Conflict', 'busy')).message).toBe(
      'Doing it: Resource Manager answered (HTTP 409 Conflict): busy'
    )
  })

  it('anything thrown without an HTTP status, even a non-Error, is "no answer" as an ActionError', () => {
    const error = explain({ weird: true })
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toBe('Doing it: no answer from Resource Manager: {"weird":true}.')
    expect(explain('socket hang up').message).toBe(
      'Doing it: no answer from Resource Manager: socket hang up.'
    )
  })

  it('quotes the request IDs of the refused request, for a support case', () => {
    const refused = Object.assign(armError(403, 'AuthorizationFailed', 'no'), {
      response: {
        headers: new Map([
          ['x-ms-correlation-request-id', 'corr-1'],
          ['x-ms-request-id', 'req-2']
        ])
      }
    })
    const error = explain(refused)
    expect(error.message).toContain('[x-ms-correlation-request-id: corr-1, x-ms-request-id: req-2]')
    expect(restDetails(error)).toMatchObject({
      status: 403,
      code: 'AuthorizationFailed',
      correlationId: 'corr-1'
    })
  })

  it('names the subscription, group, account and project of a resource ID', () => {
    expect(namesOf(`${ACCOUNT_ID}/projects/chat`)).toEqual({
      subscription: ACCOUNT_ID.split('/')[2],
      resourceGroup: 'rg-ml',
      account: 'ai-prod',
      project: 'chat'
    })
    expect(namesOf('/subscriptions/s')).toEqual({ subscription: 's' })
  })

  it('a network failure points at the network and the proxy settings', () => {
    const failure = Object.assign(new Error('getaddrinfo ENOTFOUND management.azure.com'), {
      code: 'ENOTFOUND'
    })
    expect(explain(failure).message).toContain('HTTPS_PROXY / NO_PROXY')
  })
})
