export default {
  displayName: 'piece-merchant-staff',
  preset: '../../../jest.preset.js',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
};
