import * as core from '@actions/core'
import { ActionError, messageOf } from '../errors.js'
import { Inputs } from '../constants.js'
import type { CloudEndpoints } from '../azure/sign-in/clouds.js'
import { createSignIn } from '../azure/sign-in/entra.js'
import type { SignIn } from '../azure/sign-in/entra.js'
import { hasOidcEnvironment, MISSING_OIDC_MESSAGE } from '../azure/sign-in/github-oidc.js'
import { createJsonHttp } from '../azure/http/http.js'
import type { JsonHttp } from '../azure/http/http.js'
import { claimText, decodeClaims } from '../azure/sign-in/jwt.js'
import type { ActionInputs } from '../types.js'

/** Another identity that trusts this workflow, signed in for the wait's probe (`probe-client-id`). */
export interface ProbeIdentity {
  readonly clientId: string
  /** From the `oid` claim of its own token: no directory permission needed. */
  readonly objectId: string
  /** Calls made as this identity, without retries inside the pipeline (the wait paces its own probes). */
  readonly http: JsonHttp
  /** Makes its next request for this scope get a new token. */
  readonly renew: (scope: string) => void
}

/** Whether this run will sign in as probe-client-id: only a real wait does. */
export const needsProbeSignIn = (inputs: ActionInputs): boolean =>
  (inputs.probeClientId !== undefined || inputs.probeIdentity !== undefined) &&
  inputs.waitForPropagation &&
  !inputs.dryRun

/** Before any request: the probe identity signs in with GitHub OIDC, whatever the main sign-in uses. */
export function requireProbeOidc(inputs: ActionInputs, env: NodeJS.ProcessEnv = process.env): void {
  if (!needsProbeSignIn(inputs) || hasOidcEnvironment(env)) return
  throw new ActionError(
    `Input '${Inputs.ProbeClientId}': the wait signs in as ${inputs.probeClientId ?? inputs.probeIdentity?.id ?? ''} with GitHub OIDC, and ${MISSING_OIDC_MESSAGE}`
  )
}

/** The tenant for the probe's sign-in: the input, else the tenant of the main sign-in's token. */
async function tenantOf(inputs: ActionInputs, main: SignIn, cloud: CloudEndpoints): Promise<string> {
  if (inputs.tenantId !== undefined) return inputs.tenantId
  const token = await main.credential.getToken(cloud.armScope)
  const tid = claimText(decodeClaims(token?.token ?? ''), 'tid')
  if (tid === undefined) {
    throw new ActionError(
      `Input '${Inputs.ProbeClientId}': the tenant to sign in to is unknown (the Resource Manager token carries no tid claim). Give ${Inputs.TenantId}.`
    )
  }
  return tid
}

/**
 * Signs in as another app registration or user-assigned managed identity with a fresh GitHub ID token, exactly as
 * the main OIDC sign-in does (tokens masked, the subject shown when no federated credential matches), and learns
 * its object ID from its own token.
 */
export async function signInAsProbe(
  inputs: ActionInputs,
  main: SignIn,
  cloud: CloudEndpoints,
  clientId: string
): Promise<ProbeIdentity> {
  const tenantId = await tenantOf(inputs, main, cloud)
  core.info(`Signing in as ${Inputs.ProbeClientId} ${clientId} with GitHub OIDC, to probe as that identity.`)
  const signIn = createSignIn('oidc', { ...inputs, clientId, tenantId }, cloud)
  const token = await signIn.credential.getToken(cloud.inferenceScope).catch((error: unknown) => {
    throw new ActionError(
      `Signing in as ${Inputs.ProbeClientId} ${clientId} for the wait failed. Nothing was changed. ${messageOf(error)}`,
      { cause: error }
    )
  })
  const oid = claimText(decodeClaims(token?.token ?? ''), 'oid')
  if (oid === undefined) {
    throw new ActionError(
      `The token of ${Inputs.ProbeClientId} ${clientId} carries no oid claim, so the wait cannot tell whom it probes as. Nothing was changed.`
    )
  }
  return {
    clientId,
    objectId: oid.toLowerCase(),
    http: createJsonHttp(signIn.credential, 0),
    renew: signIn.renew
  }
}
