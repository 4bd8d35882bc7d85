export default {
  displayName: 'packaging',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // Packing, installing and loading bundles in fresh node processes takes seconds, not milliseconds.
  testTimeout: 60_000,
};
