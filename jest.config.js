/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec', '<rootDir>/examples'],
  testMatch: ['**/*.spec.ts'],
  // spec/browser runs in Chromium: `npm run test:browser` (jest.browser.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/spec/browser/'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        // Each file compiled on its own (fast); types are checked by `npm run typecheck`.
        tsconfig: {
          module: 'commonjs',
          moduleResolution: 'node10',
          target: 'ES2020',
          esModuleInterop: true,
          verbatimModuleSyntax: false,
          isolatedModules: true,
        },
      },
    ],
    // Angular and NgRx ship ES modules only (.mjs): turned into CommonJS for the examples' tests.
    '^.+\\.mjs$': 'jest-preset-angular',
  },
  transformIgnorePatterns: ['/node_modules/(?!.*\\.mjs$)'],
  // The examples import the library by its published name; here it is the source.
  moduleNameMapper: {
    '^directline-rx$': '<rootDir>/src/index.ts',
    '^directline-rx/node$': '<rootDir>/src/node/index.ts',
    '^directline-rx/emulator$': '<rootDir>/src/emulator/index.ts',
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testTimeout: 30000,
};
