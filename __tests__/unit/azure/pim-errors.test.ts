import { describe, expect, it } from '@jest/globals'
import { explainPimError, failedRules } from '../../../src/azure/pim-errors.js'
import { adminAssignmentRulesOf } from '../../../src/azure/pim.js'
import { armError } from '../../fixtures/arm.js'
import { messageOf, restDetails } from '../../../src/errors.js'

const SCOPE = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a'
const explain = (status: number, code: string, message: string): string =>
  messageOf(explainPimError(armError(status, code, message), 'Requesting', SCOPE))

describe('explainPimError', () => {
  it('reads the failed rules of a policy refusal', () => {
    expect(failedRules('The following policy rules failed: ["ExpirationRule","MfaRule"]')).toEqual([
      'ExpirationRule',
      'MfaRule'
    ])
    expect(failedRules('no list')).toEqual([])
  })

  it("explains the licence, the policy, replication and the five-minute rule, keeping Azure's words", () => {
    expect(explain(400, 'AadPremiumLicenseRequired', 'The tenant needs an AAD Premium 2 license.')).toMatch(
      /^Requesting: PIM needs Microsoft Entra ID P2.*revoke-after-job without time-bound.*\(HTTP 400 AadPremiumLicenseRequired: The tenant needs an AAD Premium 2 license\.\)$/
    )
    const policy = explain(
      400,
      'RoleAssignmentRequestPolicyValidationFailed',
      'The following policy rules failed: ["TicketingRule"]'
    )
    expect(policy).toContain('TicketingRule: the policy requires ticket information')
    expect(explain(400, 'SubjectNotFound', 'The subject is not found.')).toContain(
      'takes minutes to replicate'
    )
    expect(explain(400, 'ActiveDurationTooShort', 'x')).toContain('first five minutes')
  })

  it('names the PIM permission for a 403 on roleAssignmentScheduleRequests/write, and keeps status and code', () => {
    const error = explainPimError(
      armError(
        403,
        'AuthorizationFailed',
        "does not have authorization to perform action 'Microsoft.Authorization/roleAssignmentScheduleRequests/write' over scope"
      ),
      'Requesting',
      SCOPE
    )
    expect(messageOf(error)).toContain('Role Based Access Control Administrator does not')
    expect(restDetails(error)).toMatchObject({ status: 403, code: 'AuthorizationFailed' })
  })

  it('leaves what Resource Manager shares to its explanations', () => {
    expect(explain(404, 'ResourceNotFound', 'gone')).toContain("Azure AI Services account 'a' was not found")
  })
})

describe('adminAssignmentRulesOf', () => {
  it('picks the admin assignment rules out of every rule of the policy', () => {
    const rules = [
      { id: 'Expiration_Admin_Eligibility', maximumDuration: 'P365D', isExpirationRequired: true },
      { id: 'Expiration_Admin_Assignment', maximumDuration: 'PT8H', isExpirationRequired: true },
      { id: 'Enablement_Admin_Assignment', enabledRules: ['Justification', 7] },
      { id: 'Enablement_EndUser_Assignment', enabledRules: ['MultiFactorAuthentication'] }
    ]
    expect(adminAssignmentRulesOf(rules)).toEqual({
      maximumDuration: 'PT8H',
      isExpirationRequired: true,
      enabledRules: ['Justification']
    })
    expect(adminAssignmentRulesOf([])).toEqual({
      isExpirationRequired: false,
      enabledRules: [],
      maximumDuration: undefined
    })
  })
})
