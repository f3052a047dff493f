// @azure/arm-authorization, imported from its ES module build. The package ships two builds: CommonJS
// (package.json "main", dist/index.js) and ES modules ("module", dist-esm/). A bare import makes ncc take "main",
// whose require() calls pull the CommonJS builds of @azure/core-client, @azure/core-rest-pipeline and
// @typespec/ts-http-runtime into the bundle beside the ES module builds that @azure/identity imports: two copies of
// the Azure core stack, about 190 kB of dist/app.js that every step compiles and evaluates for nothing.
// Importing the ES module build keeps one copy (scripts/bundle.ts fails a build that holds a package twice).
// Jest maps this path back to the package (jest.config.js): dist-esm/ uses extensionless imports in a package
// without "type": "module", which only a bundler resolves.
export { AuthorizationManagementClient } from '@azure/arm-authorization/dist-esm/src/index.js'
