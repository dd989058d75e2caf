import type { IncomingMessage } from 'node:http';

/** What a handler answers; the server adds rate-limit headers and writes it. */
export interface FakeReply {
  status: number;
  body?: unknown;
  /** Defaults to JSON; problem replies and the OAuth 1.0a form replies set their own. */
  contentType?: string;
  headers?: Record<string, string>;
}

export type RequestBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'form'; fields: Record<string, string> }
  | { kind: 'multipart'; fields: Record<string, string | Buffer> }
  | { kind: 'text'; text: string };

export const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export function json(status: number, body: unknown, headers?: Record<string, string>): FakeReply {
  return { status, body, contentType: JSON_TYPE, ...(headers ? { headers } : {}) };
}

/** A v2 error as X sends it: RFC 7807 fields, no `errors` array, so the library's message stays bland. */
export function problem(
  status: number,
  title: string,
  detail: string,
  type = 'about:blank',
): FakeReply {
  return { status, body: { title, detail, type, status }, contentType: PROBLEM_TYPE };
}

export const unauthorized = (): FakeReply => problem(401, 'Unauthorized', 'Unauthorized');

export const tooManyRequests = (): FakeReply =>
  problem(429, 'Too Many Requests', 'Too Many Requests');

export const duplicateContent = (): FakeReply =>
  problem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.');

export function serviceUnavailable(status = 503): FakeReply {
  const titles: Record<number, string> = {
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  const title = titles[status] ?? 'Service Unavailable';
  return problem(status, title, title);
}

/** X's 400 for bad parameters: a problem document that does carry an `errors` list. */
export function invalidRequest(
  errors: Array<{ message: string; parameters?: Record<string, string[]> }>,
): FakeReply {
  return {
    status: 400,
    contentType: PROBLEM_TYPE,
    body: {
      errors: errors.map((e) => ({ parameters: e.parameters ?? {}, message: e.message })),
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request',
    },
  };
}

/** The entry of a 200 reply's `errors` list for ids that do not exist (X answers 200 for lookups). */
export function resourceNotFound(resource: 'tweet' | 'user', parameter: string, id: string) {
  return {
    value: id,
    detail: `Could not find ${resource} with ${parameter}: [${id}].`,
    title: 'Not Found Error',
    resource_type: resource,
    parameter,
    resource_id: id,
    type: 'https://api.twitter.com/2/problems/resource-not-found',
  };
}

/** X's answer to an unknown path is still in the v1.1 style. */
export const unknownPath = (): FakeReply =>
  json(404, { errors: [{ message: 'Sorry, that page does not exist', code: 34 }] });

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function parseBody(contentType: string | undefined, raw: Buffer): RequestBody {
  if (raw.length === 0) return { kind: 'none' };
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    return { kind: 'json', value: JSON.parse(raw.toString('utf8')) as unknown };
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { kind: 'form', fields: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) };
  }
  const boundary = /^multipart\/form-data;.*boundary=("?)([^";]+)\1/i.exec(contentType ?? '')?.[2];
  if (boundary) return { kind: 'multipart', fields: parseMultipart(raw, boundary) };
  return { kind: 'text', text: raw.toString('utf8') };
}

/** Fields of a multipart/form-data body; parts that declare a content type are files (Buffers). */
function parseMultipart(raw: Buffer, boundary: string): Record<string, string | Buffer> {
  const fields: Record<string, string | Buffer> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let at = raw.indexOf(delimiter);
  while (at !== -1) {
    const partStart = at + delimiter.length;
    if (raw.subarray(partStart, partStart + 2).toString() === '--') break;
    const headersEnd = raw.indexOf('\r\n\r\n', partStart);
    const next = raw.indexOf(Buffer.from(`\r\n--${boundary}`), headersEnd);
    if (headersEnd === -1 || next === -1) throw new Error('malformed multipart body');
    const headers = raw.subarray(partStart, headersEnd).toString('utf8');
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined) throw new Error('multipart part without a name');
    const content = raw.subarray(headersEnd + 4, next);
    fields[name] = /^content-type:/im.test(headers)
      ? Buffer.from(content)
      : content.toString('utf8');
    at = next + 2;
  }
  return fields;
}

/** The body's fields when it is a flat object (JSON or form), as the token endpoints accept both. */
export function bodyFields(body: RequestBody): Record<string, unknown> | undefined {
  if (body.kind === 'form') return body.fields;
  if (body.kind === 'json' && isPlainObject(body.value)) return body.value;
  if (body.kind === 'none') return {};
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
