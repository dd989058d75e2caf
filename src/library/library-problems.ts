import { type FieldError, problem } from '../common/problem-details.filter.js';

/** A 400 shaped like the validation pipe's, for rules only the database can check. */
export function invalid(errors: FieldError[]) {
  return problem(400, `The request has ${errors.length} invalid field(s).`, {
    title: 'Validation failed',
    errors,
  });
}

export const notFound = (what: string, id: string) => problem(404, `${what} ${id} does not exist.`);
