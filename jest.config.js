/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  // spec/browser runs in Chromium: `npm run test:browser` (jest.browser.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/spec/browser/'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        // Each file compiled on its own (fast); types are checked by `npm run typecheck`.
        tsconfig: { module: 'commonjs', moduleResolution: 'node10', target: 'ES2019', esModuleInterop: true, verbatimModuleSyntax: false, isolatedModules: true },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
};
