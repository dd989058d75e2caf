import { type ArgumentMetadata, type Type, ValidationPipe } from '@nestjs/common';
import { ValidationError, type ValidatorOptions } from 'class-validator';
import { PartialType } from '@nestjs/swagger';
import { type FieldError, invalid } from './domain-errors.js';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule: rule === 'whitelistValidation' ? 'unknown_field' : rule,
      message: rule === 'whitelistValidation' ? `${field} is not an accepted field` : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

const NON_EMPTY = Symbol('countervoice:nonEmptyBody');
// Where @nestjs/swagger keeps a DTO's property names and each @ApiProperty's options (its
// DECORATORS constant is not exported).
const API_PROPERTIES = 'swagger/apiModelPropertiesArray';
const API_PROPERTY = 'swagger/apiModelProperties';

/**
 * An update DTO: every field of `create` may be left out (the OpenAPI document says so too), a
 * field that is present is checked by the create rules, and a body that changes nothing is a 400
 * (`body`, `notEmpty`). Sending null for a field the document does not mark nullable is refused by
 * the pipe like everywhere else.
 */
export function UpdateOf<T>(create: Type<T>): Type<Partial<T>> {
  const update = PartialType(create, { skipNullProperties: false });
  Reflect.defineMetadata(NON_EMPTY, true, update);
  // A field left out of an update stays as it is: the create defaults do not apply.
  const keys = (Reflect.getMetadata(API_PROPERTIES, update.prototype) ?? []) as string[];
  for (const name of keys.map((key) => key.replace(/^:/, ''))) {
    const meta = Reflect.getMetadata(API_PROPERTY, update.prototype, name) as
      Record<string, unknown> | undefined;
    if (meta && 'default' in meta) {
      const rest = { ...meta };
      delete rest.default;
      Reflect.defineMetadata(API_PROPERTY, rest, update.prototype, name);
    }
  }
  return update;
}

/** The field path of an argument: `@Param('id')` is `id`, a whole body or query has none. */
const rootOf = (metadata: ArgumentMetadata): string => metadata.data ?? '';

const join = (parent: string, key: string) => (parent ? `${parent}.${key}` : key);

/**
 * PostgreSQL text cannot hold U+0000, so a NUL anywhere (a value or a key) would fail at the
 * database. The body parser bounds the nesting depth, so this recursion is bounded too.
 */
function nulFields(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string') {
    return value.includes('\u0000')
      ? [
          {
            field: path || 'body',
            rule: 'noNulCharacters',
            message: `${path || 'body'} must not contain NUL characters`,
          },
        ]
      : [];
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => [
    ...nulFields(key, join(path, key)),
    ...nulFields(item, join(path, key)),
  ]);
}

function isNullable(prototype: object, key: string): boolean | undefined {
  const meta = Reflect.getMetadata(API_PROPERTY, prototype, key) as
    { nullable?: boolean } | undefined;
  return meta === undefined ? undefined : meta.nullable === true;
}

/**
 * Null where the OpenAPI document does not allow it (rule notNull): the document is generated
 * from the same DTOs, so what it promises and what is accepted cannot drift apart. Nested DTOs
 * (validated with @ValidateNested) are walked too.
 */
function nullFields(entity: unknown, path: string): FieldError[] {
  if (entity === null || typeof entity !== 'object') return [];
  if (Array.isArray(entity))
    return entity.flatMap((item, index) => nullFields(item, join(path, String(index))));
  const prototype = Object.getPrototypeOf(entity) as object | null;
  if (prototype === null || prototype === Object.prototype) return [];
  return Object.entries(entity).flatMap(([key, value]) => {
    const field = join(path, key);
    if (value === null) {
      return isNullable(prototype, key) === false
        ? [{ field, rule: 'notNull', message: `${field} may be left out but not null` }]
        : [];
    }
    return nullFields(value, field);
  });
}

const isEmptyBody = (value: unknown) =>
  value === undefined ||
  value === null ||
  (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);

/**
 * Unknown fields are rejected, every bad field is named with its rule, and nothing is changed.
 * Besides the DTO rules it refuses, for every body, query and path parameter, what the database
 * would otherwise refuse with a 500: NUL characters, null in a non-nullable field, an empty update.
 */
class CountervoiceValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const nul = nulFields(value, rootOf(metadata));
      if (nul.length > 0) throw invalid(nul);
    }
    if (
      metadata.type === 'body' &&
      metadata.metatype !== undefined &&
      Reflect.getMetadata(NON_EMPTY, metadata.metatype) === true &&
      isEmptyBody(value)
    ) {
      throw invalid(
        [{ field: 'body', rule: 'notEmpty', message: 'the body must change at least one field' }],
        'Nothing to change: send at least one field.',
      );
    }
    return super.transform(value, metadata);
  }

  protected override async validate(
    object: object,
    validatorOptions?: ValidatorOptions,
  ): Promise<ValidationError[]> {
    const errors = await super.validate(object, validatorOptions);
    const nulls = nullFields(object, '').map(({ field, rule, message }) =>
      Object.assign(new ValidationError(), { property: field, constraints: { [rule]: message } }),
    );
    return [...errors, ...nulls];
  }
}

export function createValidationPipe(): ValidationPipe {
  return new CountervoiceValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      return invalid(fieldErrors);
    },
  });
}
