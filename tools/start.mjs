// Placeholder until the sandbox and runner land: `npm start` must already work from a fresh clone.
console.log('user-admin-pieces: the embedded sandbox demo is not built yet. Run `npm test` to run the tests.');
