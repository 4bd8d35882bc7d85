import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Responder = (request: ReceivedRequest, response: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 that keeps every request it receives and answers from a script. */
export class TestServer {
  readonly requests: ReceivedRequest[] = [];
  private readonly script: Responder[] = [];
  private fallback: Responder = (_req, res) => json(res, 200, {});
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.requests.push(received);
        (this.script.shift() ?? this.fallback)(received, res);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers the next requests in order, then falls back to the last `always` responder. */
  reply(...responders: Responder[]): this {
    this.script.push(...responders);
    return this;
  }

  always(responder: Responder): this {
    this.fallback = responder;
    return this;
  }

  reset(): void {
    this.requests.length = 0;
    this.script.length = 0;
    this.fallback = (_req, res) => json(res, 200, {});
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export const respond =
  (status: number, body: unknown, headers: Record<string, string> = {}): Responder =>
  (_req, res) =>
    json(res, status, body, headers);

/** Answers with a body that is not JSON (a web page, a proxy's error page), as `text/html`. */
export const htmlPage =
  (status: number, html: string, headers: Record<string, string> = {}): Responder =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html', ...headers });
    res.end(html);
  };

/** A loopback URL that nothing listens on (a server was started there, then stopped): connecting is refused. */
export async function closedUrl(): Promise<string> {
  const server = new TestServer();
  const url = await server.start();
  await server.stop();
  return url;
}
