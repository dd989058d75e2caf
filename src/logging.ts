import { hostname } from 'node:os';
import type { Params } from 'nestjs-pino';
import { pino } from 'pino';
import type { AppConfig } from './config/app-config.js';

/** Anything that could carry a secret is replaced before a line is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.accessSecret',
  '*.credentials',
  '*.csrfToken',
];

/** What PostgreSQL reports about a failed statement that names no value. */
interface DatabaseFailure {
  code?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  severity?: unknown;
}

/** A pg DatabaseError: its message, `detail` and `where` may quote the values it refused. */
const isDatabaseFailure = (e: unknown): e is Error & DatabaseFailure =>
  e instanceof Error &&
  typeof (e as DatabaseFailure).code === 'string' &&
  typeof (e as DatabaseFailure).severity === 'string';

/** drizzle's DrizzleQueryError: the statement with every parameter, in `params` and `message`. */
const isFailedQuery = (e: unknown): e is Error & { query: string } =>
  e instanceof Error && typeof (e as { query?: unknown }).query === 'string' && 'params' in e;

/**
 * A statement's name from its first words ("insert users", "update posts"): the verb and the
 * table, never a value (drizzle sends values as parameters, and only identifiers are kept).
 */
export function statementName(sql: string): string {
  const verb = /^\s*([A-Za-z]+)/.exec(sql)?.[1]?.toLowerCase() ?? 'statement';
  const target = /\b(?:into|update|from|table)\s+"?([A-Za-z_][\w.]*)"?/i.exec(sql)?.[1];
  return target ? `${verb} ${target}` : verb;
}

/** drizzle's "Failed query: <sql>\nparams: <values>" cut to the statement's name. */
export const scrubText = (text: string): string =>
  text.replace(
    /Failed query: ([\s\S]*?)\nparams: [\s\S]*/,
    (_, sql: string) => `Failed query: ${statementName(sql)} (parameters withheld)`,
  );

const causes = (error: Error): Error[] => {
  const chain: Error[] = [];
  for (let e: unknown = error; e instanceof Error && chain.length < 10; e = e.cause) chain.push(e);
  return chain;
};

/**
 * The `err` serializer. A failed statement is logged as its error code, constraint, table and
 * statement name only: never its parameters, query values, message or pg's `detail`, which
 * carry identifying details, internal notes and password hashes.
 */
export function safeError(value: unknown): unknown {
  // pino-http hands over its standard serialization, keeping the original error as `raw`.
  const error = (value as { raw?: unknown } | null)?.raw ?? value;
  if (typeof error === 'string') return scrubText(error);
  if (!(error instanceof Error)) return value;
  const chain = causes(error);
  const query = chain.find(isFailedQuery);
  const database = chain.find(isDatabaseFailure);
  if (!query && !database) {
    return {
      type: error.name,
      message: scrubText(error.message),
      stack: error.stack && scrubText(error.stack),
    };
  }
  return {
    type: error.name,
    statement: query ? statementName(query.query) : undefined,
    code: database?.code,
    constraint: database?.constraint,
    table: database?.table,
    column: database?.column,
  };
}

/** A line's text for an error: a failed statement's name and code, never its message. */
function safeMessage(error: Error): string {
  const safe = safeError(error) as { statement?: string; code?: string; message?: string };
  if (safe.message !== undefined) return safe.message;
  return `database error ${safe.code ?? 'unknown'} in ${safe.statement ?? 'a statement'}`;
}

/** Other values a line carries: errors under any key and drizzle's message text, made safe. */
const scrubValue = (value: unknown): unknown =>
  typeof value === 'string' ? scrubText(value) : value instanceof Error ? safeError(value) : value;

const scrubArgument = (arg: unknown): unknown => {
  if (arg === null || typeof arg !== 'object' || arg instanceof Error) return scrubValue(arg);
  return Object.fromEntries(Object.entries(arg).map(([k, v]) => [k, scrubValue(v)]));
};

/** What a log line says of the request it was written in (pino's serialised request in). */
const requestSummary = (req: { id: unknown; method: string; url: string }) => ({
  id: req.id,
  method: req.method,
  url: req.url,
});

/** Whether pino-http's per-request lines (level info) pass the configured level. */
const requestLinesWritten = (level: string): boolean =>
  pino.levels.values[level] !== undefined && pino.levels.values[level] <= pino.levels.values.info!;

export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // A request is bound to every line logged while it runs (and to pino-http's line at info)
      // as what identifies it, not as all its headers: less personal data in the log (a staff
      // member's address and browser), and a binding cheap enough to make on every request.
      serializers: { err: safeError, req: requestSummary },
      hooks: {
        // Sites that log `err: error.message` or put a message in the text are covered too.
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          // pino would take a lone error's message as the line's text: give it the safe one.
          const safe =
            first instanceof Error
              ? [{ err: first }, ...(rest.length ? rest.map(scrubValue) : [safeMessage(first)])]
              : [scrubArgument(first), ...rest.map(scrubValue)];
          return method.apply(this, safe as Parameters<typeof method>);
        },
      },
      // pino-http writes its line per request at info, failures included: above info it would
      // never write one, so it does not get a listener and a child logger on every response.
      autoLogging: requestLinesWritten(config.logLevel) && {
        ignore: (req) => (req.url ?? '').startsWith('/health'),
      },
      // On every line from the start (one binding), not bound again to each request's logger.
      base: { pid: process.pid, hostname: hostname(), role: config.role },
      ...(config.env === 'development' && process.stdout.isTTY
        ? { transport: { target: 'pino-pretty', options: { singleLine: true } } }
        : {}),
    },
  };
}
