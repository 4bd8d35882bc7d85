// How the flow builder shows a failed step since Activepieces PR #13453 (`formatPieceError` in
// packages/core/utils/src/lib/friendly-piece-error.ts, read 2026-11): a headline from an HTTP status, a
// message that an API's own message may replace, the error's name, and "Technical Details". Our own
// code, written from that behaviour.
import { STATUS_CODES } from 'node:http';
import { inspect } from 'node:util';

const MESSAGE_LIMIT = 2000;
const DETAILS_LIMIT = 16000;
const MAX_DEPTH = 12;

/** What the builder has to show for one error. */
export interface BuilderErrorView {
  message: string;
  /** The error's name, unless it is plain "Error". */
  errorName?: string;
  /** The headline's HTTP status. */
  status?: number;
  /** An API's own message found in the error's `response.body`, `error` or `body`: it replaces `message`. */
  apiMessage?: string;
  responseBody?: unknown;
  responseHeaders?: Record<string, unknown>;
  requestBody?: unknown;
  requestUrl?: string;
  requestMethod?: string;
  /** `util.inspect` of the error, cut at 16,000 characters: every own property, visible to project members. */
  technicalDetails?: string;
}

type Rec = Record<string, unknown>;

const isRecord = (value: unknown): value is Rec => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringAt = (record: Rec, key: string): string | undefined => (typeof record[key] === 'string' ? (record[key] as string) : undefined);

/** Lines that look like a stack frame ("    at fn (file:1:2)") are dropped, never the rest. */
function withoutStack(text: string): string {
  return text.replace(/\n\s*at\s+.+$/gm, '').trim();
}

function cut(text: string, limit: number, mark: string): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}${mark}`;
}

/** Text of an HTML page: its title and words, without tags, scripts or styles. */
function pageText(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]?.replace(/\s+/g, ' ').trim() ?? '';
  const body = html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  if (title !== '' && body !== '' && !body.startsWith(title)) return `${title} — ${body}`;
  return body || title;
}

const looksLikeMarkup = (text: string) =>
  /^\s*(<!doctype\s+html|<html\b|<\?xml)/i.test(text) || /<\s*(html|body|head|title|p|div|span|h[1-6]|table)\b[^>]*>/i.test(text);

/** A message inside a value: text as it is (a page as its words), lists joined, objects by their message-like key. */
function messageIn(value: unknown, depth = 0, seen = new WeakSet<object>()): string | undefined {
  if (value === null || value === undefined || depth > MAX_DEPTH) return undefined;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return undefined;
    return looksLikeMarkup(text) ? pageText(text) || undefined : text;
  }
  if (typeof value !== 'object' || seen.has(value)) return undefined;
  seen.add(value);
  if (Array.isArray(value)) {
    const parts = value.map((item) => messageIn(item, depth + 1, seen)).filter((part): part is string => part !== undefined);
    return parts.length > 0 ? parts.join('; ') : undefined;
  }
  const record = value as Rec;
  return messageIn(record['message'] ?? record['detail'] ?? record['description'] ?? record['reason'] ?? record['error'], depth + 1, seen);
}

const API_MESSAGE_KEYS = [
  'message',
  'error_description',
  'errorDescription',
  'detail',
  'title',
  'error_message',
  'errorMessage',
  'errorMessages',
  'errors',
  'error',
  'faultstring',
  'fault',
  'reason',
  'description',
];

/** The API's own words in a response body, if it has any. */
function apiMessageOf(body: unknown): string | undefined {
  if (body === null || body === undefined) return undefined;
  if (!isRecord(body)) {
    const found = typeof body === 'string' || Array.isArray(body) ? messageIn(body) : String(body);
    return found === undefined ? undefined : cut(found, MESSAGE_LIMIT, '…');
  }
  for (const key of API_MESSAGE_KEYS) {
    const found = messageIn(body[key]);
    if (found !== undefined) return cut(found, MESSAGE_LIMIT, '…');
  }
  return undefined;
}

type HttpView = Pick<BuilderErrorView, 'status' | 'apiMessage' | 'responseBody' | 'responseHeaders' | 'requestBody' | 'requestUrl' | 'requestMethod'>;

/** An axios-like error: `response: { status, body, headers }`, and perhaps `request: { body, url, method }`. */
function fromResponse(error: Rec): HttpView | undefined {
  const response = error['response'];
  if (!isRecord(response)) return undefined;
  const status = typeof response['status'] === 'number' ? response['status'] : undefined;
  const request = isRecord(error['request']) ? error['request'] : undefined;
  const responseBody = response['body'];
  if (status === undefined && responseBody === undefined && request?.['body'] === undefined) return undefined;
  return {
    status,
    apiMessage: apiMessageOf(responseBody),
    responseBody,
    responseHeaders: isRecord(response['headers']) ? response['headers'] : undefined,
    requestBody: request?.['body'],
    requestUrl: request === undefined ? undefined : stringAt(request, 'url'),
    requestMethod: request === undefined ? undefined : stringAt(request, 'method'),
  };
}

/** A client error with a numeric `status` of 100 to 599: its own `error` or `body` is read as the response body. */
function fromStatus(error: Rec): HttpView | undefined {
  const status = error['status'];
  if (typeof status !== 'number' || status < 100 || status > 599) return undefined;
  const responseBody = error['error'] ?? error['body'];
  return {
    status,
    apiMessage: apiMessageOf(responseBody),
    responseBody,
    responseHeaders: isRecord(error['headers']) ? error['headers'] : undefined,
  };
}

function nameOf(error: Rec): string | undefined {
  const name = stringAt(error, 'name');
  if (name !== undefined && name !== '' && name !== 'Error') return name;
  const constructorName = (error.constructor as { name?: unknown } | undefined)?.name;
  return typeof constructorName === 'string' && !['', 'Object', 'Error'].includes(constructorName) ? constructorName : undefined;
}

function rawMessageOf(error: Rec): string {
  const message = stringAt(error, 'message');
  if (message !== undefined) return message;
  const text = String(error);
  return text !== '' && text !== '[object Object]' ? text : 'Unknown error';
}

function withoutUndefined<T extends object>(view: T): T {
  return Object.fromEntries(Object.entries(view).filter(([, value]) => value !== undefined)) as T;
}

/** The builder's view of a thrown value (an error object already in that view, `__apErrorVersion: 1`, is kept). */
export function builderErrorView(error: unknown): BuilderErrorView {
  const technicalDetails = cut(inspect(error), DETAILS_LIMIT, '\n…[truncated]');
  if (error === null || error === undefined) return { message: 'Unknown error', technicalDetails };
  if (typeof error === 'string') return { message: withoutStack(error) || 'Unknown error', technicalDetails };
  if (!isRecord(error)) return { message: cut(String(error), MESSAGE_LIMIT, '…'), technicalDetails };
  if (error['__apErrorVersion'] === 1 && typeof error['message'] === 'string') return { ...(error as unknown as BuilderErrorView), technicalDetails };
  const http = fromResponse(error) ?? fromStatus(error);
  const plain = withoutStack(rawMessageOf(error));
  const message = http?.apiMessage ?? (plain === '' ? 'Unknown error' : cut(plain, MESSAGE_LIMIT, '…'));
  return withoutUndefined({ message, errorName: nameOf(error), ...http, technicalDetails });
}

/** The view as text: headline, message, error name; with `details`, the Technical Details too. Never a stack. */
export function renderBuilderError(view: BuilderErrorView, options: { details?: boolean } = {}): string {
  const headline = view.status === undefined ? 'Failed' : `Failed with HTTP ${view.status}${STATUS_CODES[view.status] ? ` ${STATUS_CODES[view.status]}` : ''}`;
  const lines = [headline, view.message];
  if (view.errorName !== undefined) lines.push(`(${view.errorName})`);
  if (options.details && view.technicalDetails !== undefined) lines.push('', 'Technical Details:', view.technicalDetails);
  return lines.join('\n');
}
