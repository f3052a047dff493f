import { Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import { isGuid } from '../util/guid.js'
import { parseAccountName, parseResourceGroup, show } from './validation.js'
import type { ScopeRef } from '../types.js'

/** The most scopes one step takes: a fleet, with room to spare, and still a job summary a person can read. */
const MAX_SCOPES = 200

const RESOURCE_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.CognitiveServices\/accounts\/([^/]+)(?:\/projects\/([^/]+))?$/i

const ID_FORM =
  'Give /subscriptions/<subscription GUID>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<account>, or the same followed by /projects/<project>, one a line.'

/** Foundry project names follow the account rule: 2 to 64 letters, digits, `-`, `_` and `.`. */
export function parseProjectName(input: string, value: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/.test(value) || value.includes('..')) {
    throw new InputError(
      input,
      `${show(value)} is not a valid Foundry project name. Project names have 2 to 64 letters, digits, and the characters - _ . and start with a letter or digit.`
    )
  }
  return value
}

/** One line of `resource-ids`: an account or a project, every name checked by the rules of its kind. */
export function parseResourceId(input: string, line: string, lineNumber: number): ScopeRef {
  const match = RESOURCE_ID.exec(line.replace(/\/+$/, ''))
  const [, subscriptionId = '', resourceGroup = '', account = '', project] = match ?? []
  const where = `line ${lineNumber}`
  if (match === null || !isGuid(subscriptionId)) {
    throw new InputError(
      input,
      `${where}, ${show(line)}, is not the resource ID of an Azure AI Services account or Foundry project. ${ID_FORM}`
    )
  }
  // The name checks say what is wrong with a name; the line number says where it is.
  const named = (check: () => string): string => {
    try {
      return check()
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      throw new InputError(input, `${where}: ${error.message.slice(`Input '${input}': `.length)}`)
    }
  }
  return {
    kind: project === undefined ? 'account' : 'project',
    subscriptionId: subscriptionId.toLowerCase(),
    resourceGroup: named(() => parseResourceGroup(input, resourceGroup)),
    account: named(() => parseAccountName(input, account)),
    ...(project === undefined ? {} : { project: named(() => parseProjectName(input, project)) })
  }
}

const lines = (value: string): string[] =>
  value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')

const keyOf = (scope: ScopeRef): string =>
  [scope.subscriptionId ?? '', scope.resourceGroup, scope.account, scope.project ?? '']
    .join('/')
    .toLowerCase()

/** Each scope once (ARM names are case-insensitive), in the order first given. */
function unique(scopes: readonly ScopeRef[]): ScopeRef[] {
  const seen = new Map<string, ScopeRef>()
  for (const scope of scopes) if (!seen.has(keyOf(scope))) seen.set(keyOf(scope), scope)
  return [...seen.values()]
}

function limited(input: string, scopes: ScopeRef[]): ScopeRef[] {
  if (scopes.length > MAX_SCOPES)
    throw new InputError(input, `names ${scopes.length} scopes; give at most ${MAX_SCOPES} per step.`)
  return scopes
}

export function parseResourceIds(input: string, value: string): ScopeRef[] {
  return limited(input, unique(lines(value).map((line, index) => parseResourceId(input, line, index + 1))))
}

/** The raw values of the inputs that name the scopes. */
export interface ScopeInputs {
  readonly resourceGroup: string
  readonly resourceName: string
  readonly resourceIds: string
  readonly project: string
}

function fromIds(raw: ScopeInputs): ScopeRef[] {
  for (const [name, value] of [
    [Inputs.ResourceGroup, raw.resourceGroup],
    [Inputs.ResourceName, raw.resourceName],
    [Inputs.Project, raw.project]
  ] as const) {
    if (value.trim() !== '') {
      throw new InputError(
        name,
        `cannot be combined with ${Inputs.ResourceIds}, which names every scope by its full ID (a project as .../accounts/<account>/projects/<project>). Give one or the other.`
      )
    }
  }
  return parseResourceIds(Inputs.ResourceIds, raw.resourceIds)
}

function fromNames(raw: ScopeInputs): ScopeRef[] {
  const group = raw.resourceGroup.trim()
  const names = lines(raw.resourceName)
  if (group === '') {
    const also = names.length === 0 ? ` and ${Inputs.ResourceName}` : ''
    throw new InputError(
      Inputs.ResourceGroup,
      `is required: give the resource group of the account${also}, or give the full IDs in ${Inputs.ResourceIds}.`
    )
  }
  if (names.length === 0) {
    throw new InputError(
      Inputs.ResourceName,
      `is required: give the name of the Azure AI Services account (or several, one a line), or give the full IDs in ${Inputs.ResourceIds}.`
    )
  }
  const resourceGroup = parseResourceGroup(Inputs.ResourceGroup, group)
  const accounts = names.map((name) => parseAccountName(Inputs.ResourceName, name))
  const project = raw.project.trim()
  if (project === '')
    return limited(
      Inputs.ResourceName,
      unique(accounts.map((account) => ({ kind: 'account', resourceGroup, account })))
    )
  if (accounts.length > 1) {
    throw new InputError(
      Inputs.Project,
      `names one project, but ${Inputs.ResourceName} lists ${accounts.length} accounts. For projects under several accounts, give their full IDs in ${Inputs.ResourceIds}.`
    )
  }
  return [
    {
      kind: 'project',
      resourceGroup,
      account: accounts[0] as string,
      project: parseProjectName(Inputs.Project, project)
    }
  ]
}

/**
 * The scopes the inputs name: `resource-ids` (accounts and projects anywhere in the tenant), or accounts by
 * `resource-group` and `resource-name` (one a line), or one `project` under one of them. Each scope once.
 */
export function parseScopes(raw: ScopeInputs): ScopeRef[] {
  return raw.resourceIds.trim() === '' ? fromNames(raw) : fromIds(raw)
}
