import * as core from '@actions/core'
import { AzureCliCredential, ClientAssertionCredential } from '@azure/identity'
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth'
import { ActionError, firstLine } from '../errors.js'
import { Inputs } from '../constants.js'
import type { CloudEndpoints } from './clouds.js'
import type { ActionInputs } from '../types.js'
import { commonClientOptions } from './pipeline.js'
import {
  GitHubAssertion,
  hasOidcEnvironment,
  MISSING_OIDC_MESSAGE,
  requireOidcEnvironment
} from './github-oidc.js'
import { EntraAnswers, explainSignInError } from './entra-errors.js'
import { TokenCache } from './token-cache.js'

export type SignInKind = 'oidc' | 'azure-cli'

/**
 * Pure: how the action signs in. `auto` takes OIDC when the client, the tenant and the runner's OIDC variables are
 * all there, and otherwise the Azure CLI session of an earlier azure/login step.
 */
export function chooseSignIn(inputs: ActionInputs, env: NodeJS.ProcessEnv = process.env): SignInKind {
  if (inputs.authType === 'oidc') {
    requireOidcEnvironment(env)
    return 'oidc'
  }
  if (inputs.authType === 'azure-cli') return 'azure-cli'
  const haveIds = inputs.clientId !== undefined && inputs.tenantId !== undefined
  if (haveIds && hasOidcEnvironment(env)) return 'oidc'
  if (haveIds)
    core.info(`${Inputs.AuthType} auto: ${MISSING_OIDC_MESSAGE} Trying the Azure CLI session instead.`)
  return 'azure-cli'
}

/** Masks every token before anything could print it, and explains sign-in failures. */
class MaskingCredential implements TokenCredential {
  private readonly inner: TokenCredential
  private readonly explain: (error: unknown) => Error
  private readonly masked = new Set<string>()

  constructor(inner: TokenCredential, explain: (error: unknown) => Error) {
    this.inner = inner
    this.explain = explain
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    let token: AccessToken | null
    try {
      token = await this.inner.getToken(scopes, options)
    } catch (error) {
      throw this.explain(error)
    }
    if (token !== null && !this.masked.has(token.token)) {
      core.setSecret(token.token)
      this.masked.add(token.token)
      const until = new Date(token.expiresOnTimestamp).toISOString().replace(/\.\d+Z$/, 'Z')
      core.debug(`New Entra token for ${[scopes].flat().join(' ')}, valid until ${until} (masked).`)
    }
    return token
  }
}

export interface SignIn {
  readonly credential: TokenCredential
  /** Makes the next request for this scope get a new token (after a service rejected the cached one). */
  readonly renew: (scope: string) => void
}

export function createSignIn(kind: SignInKind, inputs: ActionInputs, cloud: CloudEndpoints): SignIn {
  if (kind === 'azure-cli') {
    const cli = new AzureCliCredential({ tenantId: inputs.tenantId, processTimeoutInMs: 60_000 })
    const cache = new TokenCache(cli)
    // auth-type auto with a client and a tenant meant OIDC: say first what kept it from being used.
    const meantOidc =
      inputs.authType === 'auto' && inputs.clientId !== undefined && inputs.tenantId !== undefined
    return {
      credential: new MaskingCredential(cache, meantOidc ? explainAutoFallback : explainCliError),
      renew: (scope) => cache.forget(scope)
    }
  }
  const clientId = inputs.clientId ?? ''
  const assertion = new GitHubAssertion(cloud.oidcAudience)
  const answers = new EntraAnswers()
  const credential = new ClientAssertionCredential(inputs.tenantId ?? '', clientId, () => assertion.mint(), {
    authorityHost: cloud.authorityHost,
    disableInstanceDiscovery: cloud.disableInstanceDiscovery,
    ...commonClientOptions(undefined, [answers.policy])
  })
  const explain = (error: unknown): Error =>
    error instanceof ActionError
      ? error
      : explainSignInError(error, clientId, assertion.lastClaims(), answers.last)
  const cache = new TokenCache(credential)
  return { credential: new MaskingCredential(cache, explain), renew: (scope) => cache.forget(scope) }
}

function explainAutoFallback(error: unknown): Error {
  return new ActionError(
    `${MISSING_OIDC_MESSAGE} With ${Inputs.AuthType} auto the action then tried the Azure CLI session of an earlier ` +
      `azure/login step, and there is none that works (${firstLine(error)}).`,
    { cause: error }
  )
}

function explainCliError(error: unknown): Error {
  return new ActionError(
    `No usable Azure CLI session (${firstLine(error)}). Sign in first with azure/login, or use GitHub OIDC: give ` +
      `${Inputs.ClientId} and ${Inputs.TenantId} and add "permissions: id-token: write". An azure/login session made ` +
      'with OIDC can only get new tokens for about five minutes (its GitHub ID token expires): run azure/login ' +
      'right before this step, or let this action sign in with OIDC itself.',
    { cause: error }
  )
}
