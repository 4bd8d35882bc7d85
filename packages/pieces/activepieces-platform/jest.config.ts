export default {
  displayName: 'piece-activepieces-platform',
  preset: '../../../jest.preset.js',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
};
