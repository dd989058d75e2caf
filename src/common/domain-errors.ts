/**
 * Errors the domain throws. Services and pure rules name what kind of refusal it is; only the
 * HTTP layer (the problem-details filter) turns a kind into a status code, so no rule ever picks
 * a status or reads another rule's message to guess one.
 */
export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

export const REFUSAL_KINDS = [
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'upstream_failed',
  'unavailable',
] as const;
export type RefusalKind = (typeof REFUSAL_KINDS)[number];

/** Extra RFC 9457 members a refusal carries (field errors, a title, domain extensions). */
export interface RefusalExtensions {
  title?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export class DomainError extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly detail: string,
    readonly extensions: RefusalExtensions = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

export const refused = (kind: RefusalKind, detail: string, extensions?: RefusalExtensions) =>
  new DomainError(kind, detail, extensions);

export const forbidden = (detail: string, extensions?: RefusalExtensions) =>
  refused('forbidden', detail, extensions);

export const conflict = (detail: string, extensions?: RefusalExtensions) =>
  refused('conflict', detail, extensions);

/** Each bad field and the rule it breaks, as the validation pipe answers. */
export function invalid(errors: FieldError[], detail?: string): DomainError {
  return refused('invalid', detail ?? errors.map((e) => e.message).join('; ') + '.', {
    title: 'Validation failed',
    errors,
  });
}

export const notFound = (what: string, id: string): DomainError =>
  refused('not_found', `${what} ${id} does not exist.`);
