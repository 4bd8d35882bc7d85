export default {
  displayName: 'piece-activepieces-platform',
  preset: '../../../jest.preset.js',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // The built bundle (test/built-package.test.ts) is loaded as the engine loads it: plain CommonJS,
  // not recompiled by ts-jest. A pattern is a regular expression over the absolute path, and Jest
  // does not resolve `..` after <rootDir>, so the pattern names the folder itself.
  transformIgnorePatterns: ['/node_modules/', '/dist/packages/pieces/'],
};
