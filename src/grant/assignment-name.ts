import { createHash } from 'node:crypto'

/** Namespace of this action's assignment names (a random UUID fixed once, so names are stable across versions). */
const NAMESPACE = '7f4d1a0e-3c53-4b9a-9b8e-5d2f6c1e8a47'

/** RFC 4122 UUID version 5 (SHA-1, name-based). */
export function uuidV5(name: string, namespace: string = NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest()
  const bytes = hash.subarray(0, 16)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * The name of the assignment of `roleGuid` to `principalId` at `scope`: the same inputs always give the same name,
 * so a rerun PUTs the same assignment. ARM IDs are case-insensitive, so the scope is lower-cased first.
 */
export function assignmentName(scope: string, principalId: string, roleGuid: string): string {
  return uuidV5(`${scope.toLowerCase()}\n${principalId.toLowerCase()}\n${roleGuid.toLowerCase()}`)
}
