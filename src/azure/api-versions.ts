// Pure: which api-version a Microsoft.CognitiveServices read uses. Sovereign clouds lag behind the public one: when
// Resource Manager answers `400 NoRegisteredProviderFound` ("... The supported api-versions are '2023-05-01,
// 2024-10-01'. ..."), the newest listed version that serves what the action needs is used instead, stable before
// preview.

/** What a read needs: the version to ask for first, and the oldest that still serves what the action reads. */
export interface VersionNeed {
  readonly preferred: string
  readonly minimum: string
}

/** The resource types the action reads, and what each needs. */
export const COGNITIVE_TYPES = {
  /** `properties.endpoint`, `endpoints` and `customSubDomainName` are there in every stable version since 2017. */
  accounts: { preferred: '2025-09-01', minimum: '2017-04-18' },
  /** Foundry projects and their `AI Foundry API` endpoint: stable from 2025-06-01. */
  'accounts/projects': { preferred: '2025-09-01', minimum: '2025-06-01' }
} as const satisfies Record<string, VersionNeed>

export type CognitiveType = keyof typeof COGNITIVE_TYPES

const VERSION = /^\d{4}-\d{2}-\d{2}(-[a-z]+)?$/i

/** The versions a refusal lists, in the order given (ARM has listed them oldest first and newest first). */
export function supportedVersions(message: string): string[] {
  const listed = /supported api-versions are '([^']*)'/i.exec(message)?.[1]
  if (listed === undefined) return []
  return listed
    .split(',')
    .map((version) => version.trim())
    .filter((version) => VERSION.test(version))
}

const isPreview = (version: string): boolean => /-[a-z]+$/i.test(version)
const newestFirst = (a: string, b: string): number => (a < b ? 1 : a > b ? -1 : 0)

/** The newest listed version at or above the need's minimum, a stable one before any preview; undefined if none. */
export function chooseVersion(listed: readonly string[], need: VersionNeed): string | undefined {
  const usable = listed.filter((version) => version.slice(0, 10) >= need.minimum)
  const stable = usable.filter((version) => !isPreview(version)).sort(newestFirst)
  const preview = usable.filter(isPreview).sort(newestFirst)
  return stable[0] ?? preview[0]
}
