import * as core from '@actions/core'
import {
  AzureCliCredential,
  ClientAssertionCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential
} from '@azure/identity'
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth'
import { ActionError, firstLine } from '../../errors.js'
import { Env, Inputs } from '../../constants.js'
import type { CloudEndpoints } from './clouds.js'
import type { ActionInputs } from '../../types.js'
import { commonClientOptions } from '../http/pipeline.js'
import {
  GitHubAssertion,
  hasOidcEnvironment,
  MISSING_OIDC_MESSAGE,
  requireOidcEnvironment
} from './github-oidc.js'
import { EntraAnswers, explainSignInError } from './entra-errors.js'
import { TokenCache } from './token-cache.js'
import { openIdPrefetch } from './openid-prefetch.js'

export type SignInKind = 'oidc' | 'azure-cli' | 'managed-identity' | 'workload-identity'

const hasTokenFile = (env: NodeJS.ProcessEnv): boolean => (env[Env.FederatedTokenFile] ?? '') !== ''

/**
 * Pure: how the action signs in. `auto` takes OIDC when the client, the tenant and the runner's OIDC variables are
 * all there, else workload identity when its token file is there too, and otherwise the Azure CLI session of an
 * earlier azure/login step.
 */
export function chooseSignIn(inputs: ActionInputs, env: NodeJS.ProcessEnv = process.env): SignInKind {
  if (inputs.authType === 'oidc') {
    requireOidcEnvironment(env)
    return 'oidc'
  }
  if (inputs.authType === 'azure-cli' || inputs.authType === 'managed-identity') return inputs.authType
  if (inputs.authType === 'workload-identity') {
    if (!hasTokenFile(env)) {
      throw new ActionError(
        `${Inputs.AuthType} workload-identity: ${Env.FederatedTokenFile} is not set, so there is no service account token to sign in with. ` +
          'On AKS, label the runner pod azure.workload.identity/use: "true" and give it a service account annotated with azure.workload.identity/client-id; ' +
          `elsewhere use ${Inputs.AuthType} oidc or managed-identity.`
      )
    }
    return 'workload-identity'
  }
  const haveIds = inputs.clientId !== undefined && inputs.tenantId !== undefined
  if (haveIds && hasOidcEnvironment(env)) return 'oidc'
  if (haveIds && hasTokenFile(env)) return 'workload-identity'
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

function masked(inner: TokenCredential, explain: (error: unknown) => Error): SignIn {
  const cache = new TokenCache(inner)
  return { credential: new MaskingCredential(cache, explain), renew: (scope) => cache.forget(scope) }
}

/**
 * With OIDC: the GitHub ID token minter, made (and asked) before the cloud is known, so the ID token comes while the
 * cloud metadata is read. Its audience never depends on that metadata.
 */
export function startAssertion(kind: SignInKind, audience: string): GitHubAssertion | undefined {
  if (kind !== 'oidc') return undefined
  const assertion = new GitHubAssertion(audience)
  assertion.prefetch()
  return assertion
}

export function createSignIn(
  kind: SignInKind,
  inputs: ActionInputs,
  cloud: CloudEndpoints,
  started?: GitHubAssertion,
  env: NodeJS.ProcessEnv = process.env
): SignIn {
  if (kind === 'managed-identity') {
    const options = {
      ...commonClientOptions(),
      ...(inputs.clientId === undefined ? {} : { clientId: inputs.clientId })
    }
    return masked(new ManagedIdentityCredential(options), (error) =>
      explainManagedIdentityError(error, inputs)
    )
  }
  if (kind === 'workload-identity') {
    const credential = new WorkloadIdentityCredential({
      tenantId: inputs.tenantId,
      clientId: inputs.clientId,
      tokenFilePath: env[Env.FederatedTokenFile],
      authorityHost: cloud.authorityHost,
      disableInstanceDiscovery: cloud.disableInstanceDiscovery,
      ...commonClientOptions()
    })
    return masked(credential, (error) => explainWorkloadIdentityError(error, inputs, env))
  }
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
  const assertion =
    started?.audience === cloud.oidcAudience ? started : new GitHubAssertion(cloud.oidcAudience)
  const answers = new EntraAnswers()
  const options = commonClientOptions(undefined, [answers.policy])
  // A Custom cloud's authority is discovered over the network (the known clouds' are built into MSAL): read it now.
  const discovery = cloud.disableInstanceDiscovery
    ? [{ policy: openIdPrefetch(cloud.authorityHost, inputs.tenantId ?? ''), position: 'perCall' as const }]
    : []
  const credential = new ClientAssertionCredential(inputs.tenantId ?? '', clientId, () => assertion.mint(), {
    authorityHost: cloud.authorityHost,
    disableInstanceDiscovery: cloud.disableInstanceDiscovery,
    ...options,
    additionalPolicies: [...discovery, ...options.additionalPolicies]
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

function explainManagedIdentityError(error: unknown, inputs: ActionInputs): Error {
  if (error instanceof ActionError) return error
  const which =
    inputs.clientId === undefined
      ? `the runner's system-assigned managed identity (give ${Inputs.ClientId} to pick a user-assigned one)`
      : `the user-assigned managed identity with client ID ${inputs.clientId}`
  return new ActionError(
    `Signing in as ${which} failed (${firstLine(error)}). Usual causes: the VM, scale set or App Service the runner runs on has no ` +
      `managed identity; ${Inputs.ClientId} is not the client ID of an identity attached to it (the client ID, not the object ID); ` +
      'or the runner cannot reach the instance metadata service (169.254.169.254) or App Service identity endpoint. ' +
      `A GitHub-hosted runner has no managed identity: use ${Inputs.AuthType} oidc there.`,
    { cause: error }
  )
}

function explainWorkloadIdentityError(error: unknown, inputs: ActionInputs, env: NodeJS.ProcessEnv): Error {
  if (error instanceof ActionError) return error
  return new ActionError(
    `Signing in with workload identity as client ${inputs.clientId ?? '(none)'} failed (${firstLine(error)}). Usual causes: the token file ` +
      `${Env.FederatedTokenFile} (${env[Env.FederatedTokenFile] ?? 'not set'}) is missing, unreadable or expired; ${Inputs.ClientId} is not the ` +
      "identity whose federated credential names this pod's service account (subject system:serviceaccount:<namespace>:<name>) " +
      `and the cluster's OIDC issuer; or ${Inputs.TenantId} is not its tenant.`,
    { cause: error }
  )
}
