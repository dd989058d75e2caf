import { Param, ParseUUIDPipe } from '@nestjs/common';
import { problem } from './problem-details.filter.js';

/** A path parameter that must be a UUID; a bad one is a 400 naming the parameter. */
export const UuidParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        problem(400, `${name} must be a UUID.`, {
          title: 'Validation failed',
          errors: [{ field: name, rule: 'isUuid', message: `${name} must be a UUID` }],
        }),
    }),
  );
