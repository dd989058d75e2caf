import { Param, ParseUUIDPipe } from '@nestjs/common';
import { invalid } from './domain-errors.js';

/** A path parameter that must be a UUID; a bad one is a 400 naming the parameter. */
export const UuidParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        invalid(
          [{ field: name, rule: 'isUuid', message: `${name} must be a UUID` }],
          `${name} must be a UUID.`,
        ),
    }),
  );
