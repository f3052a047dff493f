import { describe, expect, it } from '@jest/globals'
import { ActionError } from '../../../../src/errors.js'
import { explainSignInError } from '../../../../src/azure/sign-in/entra-errors.js'
import { CLIENT } from '../../../fixtures/ids.js'

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

describe("GitHub's two subject formats in a rejected sign-in", () => {
  const ids = { repository_owner_id: '987654', repository_id: '123456789' }
  const federation = (claims: Record<string, string>): string =>
    explainSignInError(new Error('AADSTS70021: No matching federated identity record found.'), CLIENT, {
      iss: 'https://token.actions.githubusercontent.com',
      aud: 'api://AzureADTokenExchange',
      ...claims
    }).message

  it('a classic subject: names the immutable one built from the token’s owner and repository IDs', () => {
    const message = federation({ sub: 'repo:contoso/ml:ref:refs/heads/main', ...ids })
    expect(message).toContain("GitHub's classic format (repo:OWNER/REPO:...)")
    expect(message).toContain("'repo:contoso@987654/ml@123456789:ref:refs/heads/main', does not match it")
  })

  it('an immutable subject: names the classic one a credential written earlier would have', () => {
    const message = federation({ sub: 'repo:contoso@987654/ml@123456789:environment:prod' })
    expect(message).toContain("GitHub's immutable format (repo:OWNER@ID/REPO@ID:...")
    expect(message).toContain("'repo:contoso/ml:environment:prod', does not match it")
  })

  it('a customized subject: no guess at the other format', () => {
    const message = federation({
      sub: 'repository_owner:contoso:job_workflow_ref:contoso/wf/.github/workflows/d.yml@refs/heads/main'
    })
    expect(message).not.toContain('format')
  })

  it('quotes job_workflow_ref when the token has it', () => {
    const ref = 'contoso/platform/.github/workflows/grant.yml@refs/heads/main'
    expect(federation({ sub: 'repo:contoso/ml:ref:refs/heads/main', job_workflow_ref: ref })).toContain(
      `The token's job_workflow_ref is '${ref}'`
    )
    expect(federation({ sub: 'repo:contoso/ml:ref:refs/heads/main' })).not.toContain('job_workflow_ref')
  })
})

describe('AADSTS70021 from a reusable workflow', () => {
  const called = 'contoso/platform/.github/workflows/grant.yml@refs/heads/main'
  const caller = 'contoso/web-app/.github/workflows/deploy.yml@refs/heads/main'
  const rejected = (claims: Record<string, string>): string =>
    explainSignInError(new Error('AADSTS70021: No matching federated identity record found.'), CLIENT, {
      ...CLAIMS,
      ...claims
    }).message
  /** The expression the message offers, as it would be pasted into claimsMatchingExpression.value. */
  const expressionIn = (message: string): string | undefined => /"value": "([^"]+)"/.exec(message)?.[1]

  it('prints a ready claimsMatchingExpression for the called workflow and any repository of the owner', () => {
    const message = rejected({
      sub: 'repo:contoso/web-app:environment:prod',
      job_workflow_ref: called,
      workflow_ref: caller
    })
    expect(expressionIn(message)).toBe(
      `claims['job_workflow_ref'] matches '${called}' and claims['sub'] matches 'repo:contoso/*:environment:prod'`
    )
    expect(message).toContain('"languageVersion": 1')
    expect(message).toContain('an identity holds at most 20')
    expect(message).toContain(`applications(appId='${CLIENT}')/federatedIdentityCredentials`)
  })

  it("keeps an immutable subject's owner ID", () => {
    const message = rejected({
      sub: 'repo:contoso@987654/web-app@123:ref:refs/heads/main',
      job_workflow_ref: called,
      workflow_ref: caller
    })
    expect(expressionIn(message)).toContain(
      "claims['sub'] matches 'repo:contoso@987654/*:ref:refs/heads/main'"
    )
  })

  it('offers none for a job of the workflow itself, or a customized subject', () => {
    expect(expressionIn(rejected({ job_workflow_ref: caller, workflow_ref: caller }))).toBeUndefined()
    expect(expressionIn(rejected({ job_workflow_ref: called }))).toBeUndefined()
    expect(
      expressionIn(
        rejected({ sub: 'repository_owner:contoso', job_workflow_ref: called, workflow_ref: caller })
      )
    ).toBeUndefined()
  })
})

describe("Entra ID's request IDs in sign-in errors", () => {
  const trace = '0b1c2d3e-0000-4000-8000-00000000aaaa'
  const correlation = '0b1c2d3e-0000-4000-8000-00000000bbbb'
  const said = (code: string): Error =>
    new Error(
      `${code}: something. Trace ID: ${trace} Correlation ID: ${correlation} Timestamp: 2026-11-28 11:00:00Z`
    )

  it.each(['AADSTS70021', 'AADSTS700016', 'AADSTS9999999'])(
    '%s quotes the trace and correlation IDs',
    (code) => {
      expect(explainSignInError(said(code), CLIENT, undefined).message).toMatch(
        new RegExp(`\\[Microsoft Entra ID Trace ID: ${trace}, Correlation ID: ${correlation}\\]$`)
      )
    }
  )

  it('says nothing of IDs Entra did not send', () => {
    expect(explainSignInError(new Error('AADSTS90002: no tenant'), CLIENT, undefined).message).not.toContain(
      'Trace ID'
    )
  })
})
