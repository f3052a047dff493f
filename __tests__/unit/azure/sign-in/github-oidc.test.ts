import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { REQUEST_TIMEOUT_MS } from '../../../../src/constants.js'
import { ActionError } from '../../../../src/errors.js'
import { fakeCore } from '../../../fixtures/core.js'
import { jwt } from '../../../fixtures/jwt.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { GitHubAssertion, MISSING_OIDC_MESSAGE, hasOidcEnvironment, requireOidcEnvironment } =
  await import('../../../../src/azure/sign-in/github-oidc.js')

const ENV = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://pipelines.actions.githubusercontent.com/x',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't'
}

beforeEach(() => core.reset())

describe('OIDC request variables', () => {
  it('both must be set and non-empty', () => {
    expect(hasOidcEnvironment(ENV)).toBe(true)
    expect(hasOidcEnvironment({ ...ENV, ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' })).toBe(false)
    expect(hasOidcEnvironment({ ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' })).toBe(false)
    expect(hasOidcEnvironment({})).toBe(false)
  })

  it('without them, the error gives the fix and the cases where GitHub withholds the token', () => {
    expect(() => requireOidcEnvironment({})).toThrow(ActionError)
    expect(() => requireOidcEnvironment({})).toThrow(MISSING_OIDC_MESSAGE)
    expect(MISSING_OIDC_MESSAGE).toContain('permissions: id-token: write')
    expect(MISSING_OIDC_MESSAGE).toContain('forks')
    expect(MISSING_OIDC_MESSAGE).toContain('Dependabot')
    expect(() => requireOidcEnvironment(ENV)).not.toThrow()
  })
})

describe('GitHub ID tokens as client assertions', () => {
  const START = Date.UTC(2025, 0, 1, 12)
  let minted = 0
  /** GitHub's answer: an ID token living five minutes from the (fake) time it was asked for. */
  const github = async (audience: string) =>
    jwt({
      iss: 'https://token.actions.githubusercontent.com',
      sub: `repo:o/r:${++minted}`,
      aud: audience,
      exp: Math.floor(Date.now() / 1000) + 300
    })

  beforeEach(() => {
    minted = 0
    jest.useFakeTimers({ now: START })
    core.idToken = github
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  it('every Entra request gets a freshly minted token for the audience, masked', async () => {
    const assertion = new GitHubAssertion('api://AzureADTokenExchangeUSGov')
    const first = await assertion.mint()
    jest.setSystemTime(START + 60_000)
    const second = await assertion.mint()
    expect(first).not.toBe(second)
    expect(core.idTokenAudiences).toEqual([
      'api://AzureADTokenExchangeUSGov',
      'api://AzureADTokenExchangeUSGov'
    ])
    expect(core.secrets).toEqual([first, second])
    expect(assertion.lastClaims()).toEqual({
      iss: 'https://token.actions.githubusercontent.com',
      sub: 'repo:o/r:2',
      aud: 'api://AzureADTokenExchangeUSGov'
    })
  })

  it("MSAL's two asks for one request (moments apart) get the same token", async () => {
    const assertion = new GitHubAssertion('api://AzureADTokenExchange')
    const first = await assertion.mint()
    jest.setSystemTime(START + 4_999)
    expect(await assertion.mint()).toBe(first)
    jest.setSystemTime(START + 5_000)
    expect(await assertion.mint()).not.toBe(first)
    expect(minted).toBe(2)
  })

  it('asks made together share one GitHub request', async () => {
    const assertion = new GitHubAssertion('api://AzureADTokenExchange')
    const [a, b] = await Promise.all([assertion.mint(), assertion.mint()])
    expect(a).toBe(b)
    expect(minted).toBe(1)
  })

  it('a token about to expire is never reused', async () => {
    core.idToken = async (audience) =>
      jwt({ aud: audience, n: ++minted, exp: Math.floor(Date.now() / 1000) + 20 })
    const assertion = new GitHubAssertion('api://AzureADTokenExchange')
    const first = await assertion.mint()
    expect(await assertion.mint()).not.toBe(first)
    expect(minted).toBe(2)
  })

  it('a token asked for ahead (prefetch) is the one the first Entra request gets, with no second GitHub request', async () => {
    const assertion = new GitHubAssertion('api://AzureADTokenExchange')
    assertion.prefetch()
    expect(minted).toBe(1)
    const [a, b] = await Promise.all([assertion.mint(), assertion.mint()])
    expect(a).toBe(b)
    expect(minted).toBe(1)
  })

  it('a prefetched token that is no longer fresh when first asked for is asked for again', async () => {
    const assertion = new GitHubAssertion('api://AzureADTokenExchange')
    assertion.prefetch()
    await Promise.resolve()
    await jest.advanceTimersByTimeAsync(0)
    jest.setSystemTime(START + 6_000)
    await assertion.mint()
    expect(minted).toBe(2)
  })

  it("a prefetch that failed is the first Entra request's failure, and the next ask tries again", async () => {
    let calls = 0
    core.idToken = async (audience) => {
      if (++calls === 1) throw new Error('Failed to get ID Token. \n Error Code : 403')
      return github(audience)
    }
    const assertion = new GitHubAssertion('api://AzureADTokenExchange')
    assertion.prefetch()
    await expect(assertion.mint()).rejects.toThrow('Error Code : 403')
    await expect(assertion.mint()).resolves.toContain('.')
    expect(calls).toBe(2)
  })

  it('no claims before the first token', () => {
    expect(new GitHubAssertion('api://AzureADTokenExchange').lastClaims()).toBeUndefined()
  })

  /** How @actions/core reports an HTTP failure of the ID token request: the status is only in the message. */
  const githubRefused = (status: number) =>
    new Error(
      `Failed to get ID Token. \n \n        Error Code : ${status}\n \n        Error Message: Forbidden`
    )

  it('a refused request fails at once, on one line, saying what to check; the next ask tries again', async () => {
    core.idToken = async () => {
      throw githubRefused(403)
    }
    const assertion = new GitHubAssertion('api://AzureADTokenExchange')
    const error = await assertion.mint().catch((e) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toContain(
      "for audience 'api://AzureADTokenExchange' failed: Failed to get ID Token. Error Code : 403"
    )
    expect(error.message).not.toContain('\n')
    expect(error.message).toContain('permissions: id-token: write')
    expect(core.idTokenAudiences).toHaveLength(1)
    core.idToken = github
    await expect(assertion.mint()).resolves.toContain('.')
  })

  it('under a stand-in of @actions/core that cannot mint tokens (local-action), says so at once, not to add a permission', async () => {
    let calls = 0
    core.idToken = async () => {
      calls++
      // What @github/local-action's stub of getIDToken() throws.
      throw new Error('Not implemented')
    }
    const error = await new GitHubAssertion('api://AzureADTokenExchange').mint().catch((e) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toContain('no GitHub OIDC token service is available here')
    expect(error.message).toContain('@github/local-action')
    expect(error.message).toContain('auth-type: azure-cli')
    expect(error.message).not.toContain('permissions: id-token: write')
    expect(calls).toBe(1)
  })

  it.each([429, 500, 503])('GitHub answering %d is retried', async (status) => {
    let calls = 0
    core.idToken = async (audience) => {
      if (++calls === 1) throw githubRefused(status)
      return github(audience)
    }
    const pending = new GitHubAssertion('api://AzureADTokenExchange').mint()
    await jest.advanceTimersByTimeAsync(2_000)
    await expect(pending).resolves.toContain('.')
    expect(calls).toBe(2)
  })

  it('a GitHub endpoint that never answers fails within the request timeout, not never', async () => {
    core.idToken = () => new Promise<string>(() => undefined)
    const pending = new GitHubAssertion('api://AzureADTokenExchange').mint().catch((e) => e)
    await jest.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS)
    const error = await pending
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toContain(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)
  })
})
