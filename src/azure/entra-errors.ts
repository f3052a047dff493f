import { ActionError, firstLine, messageOf, networkHint } from '../errors.js'
import { Inputs } from '../constants.js'
import type { AssertionClaims } from './github-oidc.js'

const FEDERATION_CODES = ['AADSTS70021', 'AADSTS700211', 'AADSTS700212', 'AADSTS700213', 'AADSTS7002138']

function federationHelp(code: string, claims: AssertionClaims | undefined, clientId: string): string {
  const iss = claims?.iss ?? '(unknown)'
  const sub = claims?.sub ?? '(unknown)'
  const aud = claims?.aud ?? '(unknown)'
  return (
    `Microsoft Entra ID rejected the GitHub OIDC token (${code}): no federated credential on the app or managed ` +
    `identity with client ID ${clientId} matches it. The token has issuer '${iss}', subject '${sub}' and ` +
    `audience '${aud}'. Add a federated credential with exactly issuer '${iss}', subject '${sub}' and audience ` +
    `'${aud}' (az ad app federated-credential create --id ${clientId} --parameters ` +
    `'{"name":"github","issuer":"${iss}","subject":"${sub}","audiences":["${aud}"]}'; for a user-assigned managed ` +
    `identity: az identity federated-credential create --name github --identity-name <identity> --resource-group ` +
    `<group> --issuer '${iss}' --subject '${sub}' --audiences '${aud}'), ` +
    'or change the workflow so its subject matches an existing credential (the subject changes with the branch, tag, ' +
    'environment or pull request the job runs for).'
  )
}

const KNOWN: Record<string, string> = {
  AADSTS700016: `the client ID is not an application in this tenant. Check ${Inputs.ClientId} and ${Inputs.TenantId} (the app registration's "Application (client) ID" and "Directory (tenant) ID").`,
  AADSTS90002: `the tenant does not exist. Check ${Inputs.TenantId}.`,
  AADSTS700024:
    'the GitHub OIDC token had expired when Entra ID received it. Check the runner clock; the action mints a fresh token for every request.',
  AADSTS7000215: `Entra ID reports a wrong client secret, but this action sends none: check ${Inputs.ClientId}, and report this with the log.`,
  AADSTS50020: `the identity is not in this tenant. Check ${Inputs.TenantId}.`
}

/** Turns a sign-in failure into an error that says which setting to fix. */
export function explainSignInError(
  error: unknown,
  clientId: string,
  claims: AssertionClaims | undefined
): ActionError {
  const message = messageOf(error)
  const code = /AADSTS\d+/.exec(message)?.[0]
  if (code !== undefined && FEDERATION_CODES.includes(code)) {
    return new ActionError(federationHelp(code, claims, clientId), { cause: error })
  }
  if (code !== undefined && KNOWN[code] !== undefined) {
    return new ActionError(`Signing in to Microsoft Entra ID failed (${code}): ${KNOWN[code]}`, {
      cause: error
    })
  }
  return new ActionError(
    `Signing in to Microsoft Entra ID as client ${clientId} failed: ${firstLine(message)}${networkHint(error)}`,
    {
      cause: error
    }
  )
}
