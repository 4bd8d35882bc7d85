// Unit tests of the bench's pure functions only; the bench itself (npm run bench) is never part of npm test.
export default {
  displayName: 'bench',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
};
