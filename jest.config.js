/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
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
