import { actionMatches } from './roles.js'

/** What a role may do on the data plane: its `dataActions` less its `notDataActions`. */
export interface DataPermissions {
  readonly dataActions: readonly string[]
  readonly notDataActions: readonly string[]
}

const COGNITIVE = 'Microsoft.CognitiveServices/'
const ALL_COGNITIVE = ['Microsoft.CognitiveServices/*']
const OPENAI_USER = [
  'Microsoft.CognitiveServices/accounts/OpenAI/*/read',
  'Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action',
  'Microsoft.CognitiveServices/accounts/OpenAI/deployments/completions/action',
  'Microsoft.CognitiveServices/accounts/OpenAI/deployments/embeddings/action'
]

/**
 * The data actions of the built-in roles the action knows by name (GUIDs are the same in every cloud), so that
 * judging them needs no request. Roles not listed here are judged by their definition.
 */
export const BUILT_IN_DATA_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'a97b65f3-24c7-4388-baec-2e87135dc908': ALL_COGNITIVE, // Cognitive Services User
  '53ca6127-db72-4b80-b1b0-d745d6d5456d': ALL_COGNITIVE, // Azure AI User (Foundry User)
  'c883944f-8b7b-4483-af10-35834be79c4a': ALL_COGNITIVE, // Azure AI Owner (Foundry Owner)
  'eadc314b-1a2d-4efa-be10-5d325db5065e': ALL_COGNITIVE, // Azure AI Project Manager
  '64702f94-c441-49e6-a78b-ef80e0188fee': ALL_COGNITIVE, // Azure AI Developer
  '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd': OPENAI_USER, // Cognitive Services OpenAI User
  'a001fd3d-188f-4b5d-821b-7da978bf7442': ['Microsoft.CognitiveServices/accounts/OpenAI/*'], // ... OpenAI Contributor
  'e47c6f54-e4a2-4754-9501-8e0985b135e1': [], // Azure AI Account Owner
  '25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68': [], // Cognitive Services Contributor
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': [], // Owner
  'b24988ac-6180-42a0-ab88-20f7382dd24c': [], // Contributor
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': [], // User Access Administrator
  'f58310d9-a9f6-439a-9e8d-f62e7b41a168': [], // Role Based Access Control Administrator
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': [] // Reader
}

/** The data permissions of a built-in role by GUID; undefined for a role the action does not know. */
export function builtInDataPermissions(guid: string): DataPermissions | undefined {
  const dataActions = BUILT_IN_DATA_ACTIONS[guid.toLowerCase()]
  return dataActions === undefined ? undefined : { dataActions, notDataActions: [] }
}

/** Could this pattern name an action of the Cognitive Services data plane (`*`, `Microsoft.*`, `Microsoft.CognitiveServices/...`)? */
function reachesCognitive(pattern: string): boolean {
  const p = pattern.toLowerCase()
  const c = COGNITIVE.toLowerCase()
  if (p.startsWith(c)) return true
  const star = p.indexOf('*')
  return star >= 0 && c.startsWith(p.slice(0, star))
}

/** Does a `notDataActions` entry take away everything `pattern` allows? */
const covers = (not: string, pattern: string): boolean =>
  actionMatches(not, pattern) || (not.endsWith('*') && actionMatches(not, pattern.replace(/\*/g, 'x')))

/**
 * Pure: does this role open the inference endpoint, i.e. allow some data action under `Microsoft.CognitiveServices/`?
 * Reader, Contributor, Owner and Cognitive Services Contributor have no data actions: they can never call a model.
 */
export function opensInference(role: DataPermissions): boolean {
  return role.dataActions.some(
    (pattern) => reachesCognitive(pattern) && !role.notDataActions.some((not) => covers(not, pattern))
  )
}

/** The roles to name when a role cannot call models. */
export const INFERENCE_ROLE_NAMES = [
  'Cognitive Services User',
  'Cognitive Services OpenAI User',
  'Azure AI User'
]
