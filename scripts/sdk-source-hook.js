// For tools that run the action's TypeScript sources without bundling them (npm run local-action): maps the ES
// module build of @azure/arm-authorization that src/azure/authorization-sdk.ts imports (extensionless imports,
// which only a bundler resolves) back to the package, as jest.config.js does for the tests.
import { registerHooks } from 'node:module'

const BUNDLER_ONLY = '@azure/arm-authorization/dist-esm/src/index.js'

registerHooks({
  resolve(specifier, context, nextResolve) {
    return nextResolve(specifier === BUNDLER_ONLY ? '@azure/arm-authorization' : specifier, context)
  }
})
