import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

/** One bad field of a 400, as the API's problem documents list them (`line` for CSV imports). */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
  line?: number;
}

/** An RFC 9457 problem document the API answered with, thrown so screens can show it. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldProblem[];
  readonly body: Record<string, unknown>;

  constructor(status: number, body: unknown) {
    const doc = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const title = typeof doc.title === 'string' ? doc.title : `HTTP ${status}`;
    const detail =
      typeof doc.detail === 'string'
        ? doc.detail
        : status === 0
          ? 'The server could not be reached. Check your connection and try again.'
          : title;
    super(detail);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = Array.isArray(doc.errors) ? (doc.errors as FieldProblem[]) : [];
    this.body = doc;
  }

  /** The messages for one field (e.g. `segments[1]`), to show next to it. */
  forField(field: string): string[] {
    return this.errors.filter((e) => e.field === field).map((e) => e.message);
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function readCookie(name: string): string | undefined {
  const prefix = `${name}=`;
  const found = document.cookie.split('; ').find((c) => c.startsWith(prefix));
  return found ? decodeURIComponent(found.slice(prefix.length)) : undefined;
}

/** The session's CSRF token is in the readable cv_csrf cookie set at sign-in. */
const csrf: Middleware = {
  onRequest({ request }) {
    if (UNSAFE.has(request.method)) {
      const token = readCookie('cv_csrf');
      if (token) request.headers.set('x-csrf-token', token);
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call and returns its data, or throws the API's problem document. */
export async function call<T>(request: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch {
    throw new ApiProblem(0, undefined);
  }
  if (!answer.response.ok) throw new ApiProblem(answer.response.status, answer.error);
  return answer.data as T;
}
