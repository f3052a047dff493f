import { describe, expect, it } from '@jest/globals'
import { ActionError } from '../../../src/errors.js'
import { explainSignInError } from '../../../src/azure/entra-errors.js'
import { CLIENT } from '../../fixtures/ids.js'

const CLAIMS = {
  iss: 'https://token.actions.githubusercontent.com',
  sub: 'repo:contoso/ml:environment:prod',
  aud: 'api://AzureADTokenExchange'
}

describe('sign-in errors', () => {
  it.each(['AADSTS70021', 'AADSTS700211', 'AADSTS700212', 'AADSTS700213', 'AADSTS7002138'])(
    '%s shows the token iss, sub and aud and the federated credential to add',
    (code) => {
      const error = explainSignInError(
        new Error(`${code}: No matching federated identity record found.\nTrace ID: x`),
        CLIENT,
        CLAIMS
      )
      expect(error).toBeInstanceOf(ActionError)
      expect(error.message).toContain(`(${code})`)
      expect(error.message).toContain("issuer 'https://token.actions.githubusercontent.com'")
      expect(error.message).toContain("subject 'repo:contoso/ml:environment:prod'")
      expect(error.message).toContain("audience 'api://AzureADTokenExchange'")
      expect(error.message).toContain(`az ad app federated-credential create --id ${CLIENT}`)
      expect(error.message).toContain('"subject":"repo:contoso/ml:environment:prod"')
    }
  )

  it('without claims it says they are unknown rather than inventing them', () => {
    expect(explainSignInError(new Error('AADSTS70021: no match'), CLIENT, undefined).message).toContain(
      "subject '(unknown)'"
    )
  })

  it.each([
    ['AADSTS700016', 'Check client-id and tenant-id'],
    ['AADSTS90002', 'Check tenant-id'],
    ['AADSTS700024', 'had expired'],
    ['AADSTS7000215', 'client-id'],
    ['AADSTS50020', 'not in this tenant']
  ])('%s says which setting to fix', (code, expected) => {
    const error = explainSignInError(new Error(`${code}: whatever Entra says`), CLIENT, CLAIMS)
    expect(error.message).toContain(`Signing in to Microsoft Entra ID failed (${code})`)
    expect(error.message).toContain(expected)
  })

  it('anything else keeps the first non-empty line and the cause', () => {
    const cause = new Error('\n  \nAADSTS9999999: something new\nTrace ID: x')
    const error = explainSignInError(cause, CLIENT, CLAIMS)
    expect(error.message).toBe(
      `Signing in to Microsoft Entra ID as client ${CLIENT} failed: AADSTS9999999: something new`
    )
    expect(error.cause).toBe(cause)
  })

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT'])(
    'no answer at all (%s) points at the network and the proxy settings',
    (code) => {
      const error = explainSignInError(
        new Error(`connect ${code} login.microsoftonline.com:443`),
        CLIENT,
        CLAIMS
      )
      expect(error.message).toContain(`failed: connect ${code} login.microsoftonline.com:443`)
      expect(error.message).toContain('HTTPS_PROXY / NO_PROXY')
    }
  )
})
