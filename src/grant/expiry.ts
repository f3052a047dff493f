/**
 * The expiry marker of a temporary grant: its description ends with `temporary until <UTC time>`, so anyone (and
 * `mode: sweep`) can tell from the assignment alone when it should be gone.
 */
const MARKER = /temporary until (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)\s*$/

/** ISO 8601 in UTC to the second: `2026-11-28T17:04:05Z`. */
export function utcSeconds(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Pure: the description with the marker at its end (a marker already there is replaced). */
export function markTemporary(description: string, until: Date): string {
  const base = description.replace(MARKER, '').trimEnd()
  return `${base}${base === '' ? '' : ' '}temporary until ${utcSeconds(until)}`
}

/** Pure: when a grant marked temporary should be gone; undefined for a description without the marker. */
export function temporaryUntil(description: string | undefined): Date | undefined {
  const match = MARKER.exec(description ?? '')
  const until = match?.[1] === undefined ? undefined : new Date(match[1])
  return until === undefined || Number.isNaN(until.getTime()) ? undefined : until
}
