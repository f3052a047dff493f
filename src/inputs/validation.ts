import { InputError } from '../errors.js'
import { isGuid } from '../util/guid.js'
import type { AuthType, CloudName, Mode, PrincipalType, TimeBound } from '../types.js'

// Control characters, and the invisible or bidirectional characters that make a value look like another.
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/
const TRUE = ['true', 'True', 'TRUE']
const FALSE = ['false', 'False', 'FALSE']

/**
 * A short, printable rendering of a bad value for an error message. A long value keeps its start and its end,
 * since the end is what tells resource IDs apart (`/subscriptions/…/providers/Microsoft.Web/sites/app-x`).
 */
export function show(value: string): string {
  const shown = JSON.stringify(value.length > 120 ? `${value.slice(0, 40)}…${value.slice(-79)}` : value)
  // JSON leaves C1 controls and invisible or bidirectional characters as they are; the log would show them raw.
  return shown.replace(
    new RegExp(CONTROL.source, 'g'),
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

export function parseGuid(input: string, value: string, what: string): string {
  if (!isGuid(value)) {
    throw new InputError(
      input,
      `${show(value)} is not a GUID. Give the ${what} as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.`
    )
  }
  return value.toLowerCase()
}

/** YAML 1.2 core booleans, as the workflow author would write them; empty means the default. */
export function parseBoolean(input: string, value: string, fallback: boolean): boolean {
  if (value === '') return fallback
  if (TRUE.includes(value)) return true
  if (FALSE.includes(value)) return false
  throw new InputError(input, `${show(value)} is not a boolean. Use true or false.`)
}

function parseChoice<T extends string>(input: string, value: string, choices: readonly T[]): T {
  const found = choices.find((choice) => choice.toLowerCase() === value.toLowerCase())
  if (found === undefined) {
    throw new InputError(input, `${show(value)} is not one of ${choices.join(', ')}.`)
  }
  return found
}

export const parseAuthType = (input: string, value: string): AuthType =>
  parseChoice<AuthType>(input, value, ['oidc', 'azure-cli', 'managed-identity', 'workload-identity', 'auto'])
export const parseCloud = (input: string, value: string): CloudName =>
  parseChoice<CloudName>(input, value, ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud', 'Custom'])
export const parseMode = (input: string, value: string): Mode =>
  parseChoice<Mode>(input, value, ['assign', 'revoke', 'sweep', 'report'])
export const parseTimeBound = (input: string, value: string): TimeBound =>
  parseChoice<TimeBound>(input, value, ['false', 'pim'])
export const parsePrincipalType = (input: string, value: string): PrincipalType =>
  parseChoice<PrincipalType>(input, value, ['User', 'Group', 'ServicePrincipal'])

export function rejectUnsafeText(input: string, value: string, what: string): void {
  if (CONTROL.test(value)) {
    throw new InputError(
      input,
      `${show(value)} holds a control or invisible character. Give the ${what} as plain text.`
    )
  }
}

/** Resource Manager's rule for resource group names, kept to ASCII so a look-alike character cannot pass. */
export function parseResourceGroup(input: string, value: string): string {
  const fix =
    'Resource group names have 1 to 90 letters, digits, and the characters - _ . ( ), and do not end with a period.'
  if (!/^[A-Za-z0-9_().-]{1,90}$/.test(value) || value.endsWith('.') || value.includes('..')) {
    throw new InputError(input, `${show(value)} is not a valid resource group name. ${fix}`)
  }
  return value
}

/** The naming rule of Microsoft.CognitiveServices/accounts. */
export function parseAccountName(input: string, value: string): string {
  const fix =
    'Azure AI Services account names have 2 to 64 letters, digits, and the characters - _ . and start with a letter or digit.'
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/.test(value) || value.includes('..')) {
    throw new InputError(input, `${show(value)} is not a valid account name. ${fix}`)
  }
  return value
}

/** Model deployment names: letters, digits, `-`, `_` and `.`. */
export function parseDeploymentName(input: string, value: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(value) || value.includes('..')) {
    throw new InputError(
      input,
      `${show(value)} is not a valid model deployment name. Give the deployment's name as shown in the Azure AI Foundry portal (letters, digits, - _ .).`
    )
  }
  return value
}

export function parseHttpsUrl(input: string, value: string): string {
  // The URL parser silently drops tabs and newlines, so they are refused before it sees them.
  if (/\s/.test(value) || CONTROL.test(value)) {
    throw new InputError(
      input,
      `${show(value)} holds a space, control or invisible character. Give a plain https:// URL.`
    )
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InputError(input, `${show(value)} is not a URL. Give an https:// URL.`)
  }
  if (
    url.protocol !== 'https:' ||
    url.username !== '' ||
    url.password !== '' ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    throw new InputError(
      input,
      `${show(value)} must be a plain https:// URL without credentials, query or fragment.`
    )
  }
  return url.href
}

export function parseScope(input: string, value: string): string {
  parseHttpsUrl(input, value.replace(/\/\.default$/, '/'))
  if (!value.endsWith('/.default')) {
    throw new InputError(
      input,
      `${show(value)} must end with /.default, e.g. https://cognitiveservices.azure.com/.default.`
    )
  }
  return value
}

export function parseAudience(input: string, value: string): string {
  if (/\s/.test(value) || CONTROL.test(value) || value.length > 256) {
    throw new InputError(
      input,
      `${show(value)} is not a valid audience. Give it as in the federated credential, e.g. api://AzureADTokenExchange.`
    )
  }
  return value
}

export function parseWaitTimeout(input: string, value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 21600) {
    throw new InputError(input, `${show(value)} is not a number of seconds from 1 to 21600 (six hours).`)
  }
  return Number(value)
}

const SHORT_DURATION = /^(\d+)\s*(m|h|d)$/i
const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i
const MINUTE_MS = 60_000
const UNIT_MS: Record<string, number> = { m: MINUTE_MS, h: 60 * MINUTE_MS, d: 24 * 60 * MINUTE_MS }

function durationMs(value: string): number | undefined {
  const short = SHORT_DURATION.exec(value)
  if (short !== null) return Number(short[1]) * (UNIT_MS[(short[2] ?? '').toLowerCase()] ?? Number.NaN)
  const iso = ISO_DURATION.exec(value)
  if (iso === null || value.toUpperCase() === 'P' || value.toUpperCase().endsWith('T')) return undefined
  const [days, hours, minutes, seconds] = iso.slice(1).map((part) => Number(part ?? 0))
  return ((((days ?? 0) * 24 + (hours ?? 0)) * 60 + (minutes ?? 0)) * 60 + (seconds ?? 0)) * 1000
}

/** How long a temporary grant may live: `90m`, `6h`, `1d` or ISO 8601 (`PT6H`), from 5 minutes to 365 days. */
export function parseDuration(input: string, value: string): number {
  const ms = durationMs(value.trim())
  if (ms === undefined || !Number.isFinite(ms)) {
    throw new InputError(
      input,
      `${show(value)} is not a duration. Give minutes, hours or days (90m, 6h, 1d) or ISO 8601 (PT6H).`
    )
  }
  if (ms < 5 * MINUTE_MS || ms > 365 * UNIT_MS.d) {
    throw new InputError(
      input,
      `${show(value)} is out of range: give at least 5 minutes and at most 365 days.`
    )
  }
  return ms
}

export function parseDescription(input: string, value: string): string {
  rejectUnsafeText(input, value.replace(/\n/g, ' '), 'description')
  if (value.length > 2048) throw new InputError(input, `is ${value.length} characters long; keep it to 2048.`)
  return value
}
