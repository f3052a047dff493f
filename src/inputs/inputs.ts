import * as core from '@actions/core'
import { Env, Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import type { ActionInputs } from '../types.js'
import { parseScopes } from './scopes.js'
import {
  parseAudience,
  parseAuthType,
  parseBoolean,
  parseCloud,
  parseDeploymentName,
  parseDescription,
  parseDuration,
  parseGuid,
  parseHttpsUrl,
  parseMode,
  parsePrincipalType,
  parseScope,
  parseTimeBound,
  parseWaitTimeout
} from './validation.js'
import { parsePrincipals, parseProbeIdentity, parseRole } from './principal-lines.js'

type Reader = (name: string) => string

const fromCore: Reader = (name) => core.getInput(name)

/**
 * Whether the runner passed the input at all. The runner fills in action.yml's default for an input left out, so an
 * input that is there but blank was given blank (for example from an unset variable): not the same as left out.
 */
const givenToRunner = (name: string): boolean =>
  process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] !== undefined

/** `principal`: left out means self; given but blank (only spaces and empty lines) is an error, never self. */
function principalsOf(read: Reader, given: (name: string) => boolean) {
  const value = read(Inputs.Principal)
  if (value.trim() === '' && given(Inputs.Principal)) {
    throw new InputError(
      Inputs.Principal,
      'is empty (only spaces or blank lines). Give self, an object ID, user:<UPN>, group:<name> or sp:<app ID>, one a line; check that the variable or expression that fills it is set.'
    )
  }
  return parsePrincipals(Inputs.Principal, value)
}

/** An optional value: the input, else the environment variable, else undefined. */
function optional(read: Reader, name: string, envName?: string): string | undefined {
  const value = read(name).trim()
  if (value !== '') return value
  const fromEnv = envName === undefined ? '' : (process.env[envName] ?? '').trim()
  return fromEnv === '' ? undefined : fromEnv
}

function map<T>(value: string | undefined, parse: (value: string) => T): T | undefined {
  return value === undefined ? undefined : parse(value)
}

/**
 * Reads and validates every input once, before any request. Nothing else in the action reads an input.
 * Throws an InputError that names the input, the value and the fix.
 */
export function readInputs(
  read: Reader = fromCore,
  given: (name: string) => boolean = givenToRunner
): ActionInputs {
  const I = Inputs
  const environment = parseCloud(I.Environment, optional(read, I.Environment) ?? 'AzureCloud')
  const armEndpoint = map(optional(read, I.ArmEndpoint), (v) => parseHttpsUrl(I.ArmEndpoint, v))
  if (environment === 'Custom' && armEndpoint === undefined) {
    throw new InputError(
      I.ArmEndpoint,
      `is required with ${Inputs.Environment}: Custom. Give the Resource Manager URL of the cloud.`
    )
  }
  if (environment !== 'Custom' && armEndpoint !== undefined) {
    throw new InputError(
      I.ArmEndpoint,
      `is only used with ${Inputs.Environment}: Custom, not ${environment}. Remove it or set ${Inputs.Environment}: Custom.`
    )
  }
  const inputs: ActionInputs = {
    clientId: map(optional(read, I.ClientId, Env.ClientId), (v) => parseGuid(I.ClientId, v, 'client ID')),
    tenantId: map(optional(read, I.TenantId, Env.TenantId), (v) => parseGuid(I.TenantId, v, 'tenant ID')),
    subscriptionId: map(optional(read, I.SubscriptionId, Env.SubscriptionId), (v) =>
      parseGuid(I.SubscriptionId, v, 'subscription ID')
    ),
    authType: parseAuthType(I.AuthType, optional(read, I.AuthType) ?? 'auto'),
    environment,
    armEndpoint,
    audience: map(optional(read, I.Audience), (v) => parseAudience(I.Audience, v)),
    inferenceScope: map(optional(read, I.InferenceScope), (v) => parseScope(I.InferenceScope, v)),
    scopes: parseScopes({
      resourceGroup: read(I.ResourceGroup),
      resourceName: read(I.ResourceName),
      resourceIds: read(I.ResourceIds),
      project: read(I.Project)
    }),
    principals: principalsOf(read, given),
    principalType: map(optional(read, I.PrincipalType), (v) => parsePrincipalType(I.PrincipalType, v)),
    role: map(optional(read, I.Role), (v) => parseRole(I.Role, v)),
    allowPrivilegedRole: parseBoolean(I.AllowPrivilegedRole, read(I.AllowPrivilegedRole).trim(), false),
    description: map(optional(read, I.Description), (v) => parseDescription(I.Description, v)),
    mode: parseMode(I.Mode, optional(read, I.Mode) ?? 'assign'),
    dryRun: parseBoolean(I.DryRun, read(I.DryRun).trim(), false),
    revokeAfterJob: parseBoolean(I.RevokeAfterJob, read(I.RevokeAfterJob).trim(), false),
    expiresAfterMs: parseDuration(I.ExpiresAfter, optional(read, I.ExpiresAfter) ?? '6h'),
    timeBound: parseTimeBound(I.TimeBound, optional(read, I.TimeBound) ?? 'false'),
    waitForPropagation: parseBoolean(I.WaitForPropagation, read(I.WaitForPropagation).trim(), false),
    waitTimeoutSeconds: parseWaitTimeout(I.WaitTimeout, optional(read, I.WaitTimeout) ?? '600'),
    probeModel: map(optional(read, I.ProbeModel), (v) => parseDeploymentName(I.ProbeModel, v)),
    ...(map(optional(read, I.ProbeClientId), (v) => parseProbeIdentity(I.ProbeClientId, v)) ?? {})
  }
  checkCombinations(inputs)
  return Object.freeze(inputs)
}

/** Room left in Azure's 2048 characters for the expiry marker of a temporary grant. */
const MAX_TEMPORARY_DESCRIPTION = 2048 - ' temporary until 2026-01-01T00:00:00Z'.length

/** sweep, report and time-bound: what they make sense with. */
function checkTemporary(inputs: ActionInputs): void {
  if (inputs.mode === 'sweep' && (inputs.revokeAfterJob || inputs.waitForPropagation)) {
    const input = inputs.revokeAfterJob ? Inputs.RevokeAfterJob : Inputs.WaitForPropagation
    throw new InputError(
      input,
      `cannot be true with ${Inputs.Mode}: sweep; the sweep only removes expired temporary grants.`
    )
  }
  if (inputs.mode === 'report' && (inputs.revokeAfterJob || inputs.waitForPropagation)) {
    const input = inputs.revokeAfterJob ? Inputs.RevokeAfterJob : Inputs.WaitForPropagation
    throw new InputError(
      input,
      `cannot be true with ${Inputs.Mode}: report; the report only reads who can call the endpoint, and changes nothing.`
    )
  }
  if (inputs.timeBound === 'pim' && !inputs.revokeAfterJob) {
    throw new InputError(
      Inputs.TimeBound,
      `pim needs ${Inputs.RevokeAfterJob}: true (it makes a temporary grant); set it, or remove ${Inputs.TimeBound}.`
    )
  }
}

function checkCombinations(inputs: ActionInputs): void {
  if (inputs.mode === 'revoke' && inputs.waitForPropagation) {
    throw new InputError(
      Inputs.WaitForPropagation,
      `cannot be true with ${Inputs.Mode}: revoke; there is no access to wait for.`
    )
  }
  if (inputs.mode === 'revoke' && inputs.revokeAfterJob) {
    throw new InputError(
      Inputs.RevokeAfterJob,
      `cannot be true with ${Inputs.Mode}: revoke; the step already removes the role.`
    )
  }
  checkTemporary(inputs)
  if (inputs.revokeAfterJob && (inputs.description?.length ?? 0) > MAX_TEMPORARY_DESCRIPTION) {
    throw new InputError(
      Inputs.Description,
      `is ${inputs.description?.length} characters long; with ${Inputs.RevokeAfterJob} keep it to ${MAX_TEMPORARY_DESCRIPTION}, so that the expiry ('temporary until <time>') fits in Azure's 2048.`
    )
  }
  for (const [name, value] of [
    [Inputs.ProbeModel, inputs.probeModel],
    [Inputs.ProbeClientId, inputs.probeClientId ?? inputs.probeIdentity?.id]
  ] as const) {
    if (value !== undefined && !inputs.waitForPropagation) {
      core.warning(
        `Input '${name}' is ignored: it is only used by the wait (${Inputs.WaitForPropagation}: true).`
      )
    }
  }
  if (inputs.authType === 'oidc' || inputs.authType === 'workload-identity') {
    if (inputs.clientId === undefined) {
      throw new InputError(
        Inputs.ClientId,
        `is required with ${Inputs.AuthType}: ${inputs.authType}. Give it, or set ${Env.ClientId}.`
      )
    }
    if (inputs.tenantId === undefined) {
      throw new InputError(
        Inputs.TenantId,
        `is required with ${Inputs.AuthType}: ${inputs.authType}. Give it, or set ${Env.TenantId}.`
      )
    }
  }
  const withoutSubscription = inputs.scopes.some((scope) => scope.subscriptionId === undefined)
  const noCliSession = inputs.authType !== 'azure-cli' && inputs.authType !== 'auto'
  if (inputs.subscriptionId === undefined && noCliSession && withoutSubscription) {
    throw new InputError(
      Inputs.SubscriptionId,
      `is required: give the subscription of the account, or set ${Env.SubscriptionId}.`
    )
  }
}
