/**
 * The values of an API enum as a runtime list, checked against the OpenAPI-generated union:
 * a value the API dropped is a type error, and so is leaving out one the API added.
 */
export function enumValues<T extends string>() {
  return <const A extends readonly T[]>(
    ...values: A & ([T] extends [A[number]] ? unknown : 'missing enum values')
  ): A => values;
}
