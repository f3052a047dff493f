// Lets Node 24 run the project's TypeScript scripts (demo, emulator, bench) directly: Node strips the
// types itself; this hook only maps the `.js` import suffixes that NodeNext requires onto the `.ts` files.
import { registerHooks } from 'node:module'

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context)
    } catch (error) {
      const relative = specifier.startsWith('./') || specifier.startsWith('../')
      if (relative && specifier.endsWith('.js')) {
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context)
      }
      throw error
    }
  }
})
