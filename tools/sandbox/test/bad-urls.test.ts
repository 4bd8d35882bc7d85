import { startFakeServer } from '../src/fake-server';
import { startSandbox } from '../src/sandbox';
import { AP_API_KEY, AP_MEMBER_ID, MERCHANT_TOKEN } from '../src/seed';
import { rawRequest, type HttpResult } from './http';
import { useFake, VALIDATION_PROBLEM } from './fixtures';

/** A V8 stack frame line, as `console.error(error)` would print it. */
const STACK_FRAME = /\n\s*at .+\(.*:\d+:\d+\)|\bat [\w.<>]+ \(/;

function expectNoStack(res: HttpResult): void {
  expect(res.text).not.toMatch(STACK_FRAME);
  expect(res.text).not.toMatch(/URIError|TypeError|\.ts:\d+/);
}

describe('Malformed percent escapes', () => {
  const sandbox = useFake(() => startSandbox());

  const apAuth = { authorization: `Bearer ${AP_API_KEY}` };
  const merchantAuth = { authorization: `Bearer ${MERCHANT_TOKEN}` };

  describe('Activepieces answers as Fastify does, before routing, schema or auth', () => {
    it.each([
      ['POST', '/api/v1/users/%E0%A4%A'],
      ['GET', '/api/v1/users/%zz'],
      ['GET', '/api/v1/%E0%A4%A/users?limit=1'],
      ['GET', '/nowhere/%'],
    ])('%s %s: 400 FST_ERR_BAD_URL quoting the URL as sent', async (method, path) => {
      const usersBefore = sandbox.activepieces.users();
      const res = await rawRequest(sandbox.activepieces.baseUrl, path, {
        method,
        headers: { ...apAuth, 'content-type': 'application/json' },
        body: method === 'POST' ? '{"status":"INACTIVE"}' : undefined,
      });

      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.text).toBe(`{"error":"Bad Request","code":"FST_ERR_BAD_URL","message":"'${path}' is not a valid url component","statusCode":400}`);
      expect(sandbox.activepieces.users()).toEqual(usersBefore);
      expect(sandbox.activepieces.requests.map((request) => request.status)).toEqual([400]);
      expectNoStack(res);
    });

    it('takes a malformed escape in the query as sent (Fastify does), so a made-up cursor fails validation', async () => {
      const res = await rawRequest(sandbox.activepieces.baseUrl, '/api/v1/users?cursor=%zz', { headers: apAuth });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request', message: 'querystring/cursor Invalid cursor' });

      const limit = await rawRequest(sandbox.activepieces.baseUrl, '/api/v1/users?limit=%E0%A4%A', { headers: apAuth });
      expect(limit.status).toBe(400);
      expect(limit.json).toEqual({
        statusCode: 400,
        code: 'FST_ERR_VALIDATION',
        error: 'Bad Request',
        message: 'querystring/limit Invalid input: expected number, received NaN',
      });
      expectNoStack(limit);
    });

    it('still decodes well-formed escapes in the id', async () => {
      const escaped = AP_MEMBER_ID.replace('g', '%67');
      const res = await rawRequest(sandbox.activepieces.baseUrl, `/api/v1/users/${escaped}`, {
        method: 'POST',
        headers: { ...apAuth, 'content-type': 'application/json' },
        body: '{"externalId":"hr-escaped"}',
      });
      expect(res.status).toBe(200);
      expect(sandbox.activepieces.user(AP_MEMBER_ID)?.externalId).toBe('hr-escaped');
    });
  });

  describe('the merchant API answers as ASP.NET does: the escape stays as sent and the id fails binding', () => {
    it.each(['PUT', 'GET'])('%s /api/Users/%%E0%%A4%%A: 400 ProblemDetails keyed by the route parameter', async (method) => {
      const usersBefore = sandbox.merchant.users();
      const body = '{"firstName":"A","lastName":"B","email":"a@b.example","role":"Staff","isActive":false}';
      const res = await rawRequest(sandbox.merchant.baseUrl, '/api/Users/%E0%A4%A', {
        method,
        headers: { ...merchantAuth, 'content-type': 'application/json' },
        body: method === 'PUT' ? body : undefined,
      });

      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(res.json).toEqual({ ...VALIDATION_PROBLEM, errors: { id: ["The value '%E0%A4%A' is not valid."] }, traceId: res.headers.get('x-request-id') });
      expect(sandbox.merchant.users()).toEqual(usersBefore);
      expectNoStack(res);
    });

    it('GET /api/Users?page=%zz: 400 ProblemDetails for the query value as sent', async () => {
      const res = await rawRequest(sandbox.merchant.baseUrl, '/api/Users?page=%zz&search=%E0%A4%A', { headers: merchantAuth });
      expect(res.status).toBe(400);
      expect((res.json as { errors: unknown }).errors).toEqual({ page: ["The value '%zz' is not valid."] });
      expectNoStack(res);
    });

    it('an escape outside the id leaves no route: 404 with an empty body, as ASP.NET routing answers', async () => {
      const res = await rawRequest(sandbox.merchant.baseUrl, '/api/%zz/Users', { headers: merchantAuth });
      expect(res.status).toBe(404);
      expect(res.text).toBe('');
    });
  });
});

describe('A failure inside the sandbox', () => {
  it('answers 500 with a short JSON body and no stack; the stack goes to the console only', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const server = await startFakeServer(
      {
        faultTypes: [],
        credentials: [],
        handle: () => {
          throw new TypeError('Cannot read properties of undefined (reading "secretInternals")');
        },
        renderFault: () => undefined,
        snapshot: () => ({}),
        resetData: () => undefined,
      },
      {},
    );
    try {
      const res = await rawRequest(server.origin, '/api/anything');
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.json).toEqual({ sandboxError: 'the sandbox failed while answering this request; its console has the details' });
      expect(res.text).not.toContain('secretInternals');
      expectNoStack(res);
      expect(logged).toHaveBeenCalledWith('sandbox: request failed', expect.any(TypeError));
    } finally {
      logged.mockRestore();
      await server.close();
    }
  });
});
