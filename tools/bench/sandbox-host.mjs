// Runs the sandbox in its own process for the bench, so the fake APIs' work does not share an event
// loop (or a garbage collector) with the code being measured. Started with fork(); argv[2] is the
// sandbox bundled to CommonJS. Sends the connection details once listening, then:
//   'reset'            -> resets both fakes, answers { reset: true }
//   { requests: api }  -> answers { requests: [{ method, path, query, headers, body, status }] } for 'activepieces' or 'merchant'
// and stops when the parent disconnects.
import { createRequire } from 'node:module';

const { startSandbox, AP_MEMBER_ID, MERCHANT_ADMIN_ID, MERCHANT_DOCS_USER_ID } = createRequire(import.meta.url)(process.argv[2]);
const sandbox = await startSandbox();

process.on('message', (message) => {
  if (message === 'reset') {
    sandbox.reset();
    process.send({ reset: true });
  } else if (message?.requests) {
    const requests = sandbox[message.requests].requests.map(({ method, path, query, headers, body, status }) => ({ method, path, query, headers, body, status }));
    process.send({ requests });
  }
});
process.on('disconnect', () => {
  sandbox.close().then(() => process.exit(0));
});

const { activepieces, merchant } = sandbox;
process.send({
  ready: {
    activepieces: { baseUrl: activepieces.baseUrl, apiKey: activepieces.apiKey, memberId: AP_MEMBER_ID },
    merchant: { baseUrl: merchant.baseUrl, token: merchant.token, docsUserId: MERCHANT_DOCS_USER_ID, adminId: MERCHANT_ADMIN_ID },
  },
});
