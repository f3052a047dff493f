const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The one GUID check: inputs, names of assignments, IDs read from the Azure CLI. */
export function isGuid(value: string): boolean {
  return GUID.test(value)
}
