// @peculiar/x509 registers its algorithms through tsyringe, which refuses to load without a Reflect
// metadata API. x509 never reads design-time metadata, so a minimal metadata store is enough and spares
// the project the reflect-metadata dependency. Must run before @peculiar/x509 is loaded.
type MetadataReflect = typeof Reflect & {
  getMetadata?: (key: unknown, target: object, prop?: PropertyKey) => unknown
  defineMetadata?: (key: unknown, value: unknown, target: object, prop?: PropertyKey) => void
  hasOwnMetadata?: (key: unknown, target: object, prop?: PropertyKey) => boolean
  getOwnMetadata?: (key: unknown, target: object, prop?: PropertyKey) => unknown
  metadata?: (key: unknown, value: unknown) => (target: object, prop?: PropertyKey) => void
}

export function installReflectMetadata(): void {
  const R = Reflect as MetadataReflect
  if (R.getMetadata) return
  const store = new WeakMap<object, Map<unknown, unknown>>()
  const bag = (target: object, prop?: PropertyKey): Map<unknown, unknown> => {
    const key = prop === undefined ? target : Object(target)
    let m = store.get(key)
    if (!m) store.set(key, (m = new Map()))
    return m
  }
  const k = (key: unknown, prop?: PropertyKey): unknown =>
    prop === undefined ? key : `${String(prop)}\u0000${String(key)}`
  R.defineMetadata = (key, value, target, prop) => void bag(target, prop).set(k(key, prop), value)
  R.hasOwnMetadata = (key, target, prop) => bag(target, prop).has(k(key, prop))
  R.getOwnMetadata = (key, target, prop) => bag(target, prop).get(k(key, prop))
  R.metadata = (key, value) => (target, prop) => R.defineMetadata?.(key, value, target, prop)
  R.getMetadata = (key, target, prop) => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
      const m = store.get(t)
      if (m?.has(k(key, prop))) return m.get(k(key, prop))
    }
    return undefined
  }
}
