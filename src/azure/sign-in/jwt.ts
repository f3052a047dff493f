/** The claims of a JWT, without verifying it: the action only reads what it was itself given. */
export function decodeClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1]
  if (payload === undefined) return {}
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

export function claimText(claims: Record<string, unknown>, name: string): string | undefined {
  const value = claims[name]
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.filter((item) => typeof item === 'string').join(', ')
  return undefined
}
