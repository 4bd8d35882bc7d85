export default {
  displayName: 'piece-activepieces-platform',
  preset: '../../../jest.preset.js',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // The built bundle is loaded as the engine loads it: plain CommonJS, not recompiled by ts-jest.
  transformIgnorePatterns: ['/node_modules/', '<rootDir>/../../../dist/'],
};
