/** @type {import('jest').Config} */
export default {
  // The Node environment, with @actions/core's workflow commands kept back unless a test fails.
  testEnvironment: '<rootDir>/__tests__/support/quiet-environment.mjs',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    // src/azure/authorization-sdk.ts imports the SDK's ES module build, which only a bundler resolves.
    '^@azure/arm-authorization/dist-esm/src/index\\.js$': '@azure/arm-authorization',
    '^(\\.{1,2}/.*)\\.js$': '$1'
  },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }
    ]
  },
  testMatch: ['**/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 60000,
  maxWorkers: 2,
  verbose: false
}
