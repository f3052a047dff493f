import * as core from '@actions/core'
import type { AccountResource } from '../azure/arm.js'
import type { Posture } from './types.js'

/** Pure: how keyless and reachable an account is. Without `disableLocalAuth: true` Azure accepts API keys. */
export function postureOf(
  account: Pick<AccountResource, 'disableLocalAuth' | 'publicNetworkAccess' | 'customSubDomainName'>
): Posture {
  const subdomain = account.customSubDomainName ?? undefined
  return {
    localAuth: account.disableLocalAuth === true ? 'disabled' : 'enabled',
    ...(account.publicNetworkAccess === undefined
      ? {}
      : { publicNetworkAccess: account.publicNetworkAccess }),
    ...(subdomain === undefined || subdomain === '' ? {} : { customSubDomain: subdomain })
  }
}

/** The resource ID of the account a scope belongs to (the scope itself for an account). */
export const accountIdOf = (scope: string): string => scope.replace(/\/projects\/[^/]+$/i, '')

/** A warning for an account that still takes API keys, with the command that turns them off; none when keyless. */
export function warnWhileKeysWork(name: string, scope: string, posture: Posture): void {
  if (posture.localAuth === 'disabled') return
  core.warning(
    `API keys still work on the account of '${name}' (disableLocalAuth is not true): anyone holding a key can call its models ` +
      `without Entra ID, whatever the role assignments say. Turn keys off once every client uses Entra ID: ` +
      `az resource update --ids ${accountIdOf(scope)} --set properties.disableLocalAuth=true`
  )
}
