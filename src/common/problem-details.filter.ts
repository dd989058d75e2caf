import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, type FieldError, type RefusalKind } from './domain-errors.js';
import { fromDatabaseError } from './pg-errors.js';

export type { FieldError } from './domain-errors.js';

/** RFC 9457 body; `errors` lists each bad field of a 400. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** The one place a domain refusal becomes an HTTP status. */
const STATUS_OF: Record<RefusalKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  upstream_failed: 502,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const body = this.toProblem(fromDatabaseError(exception));
    body.instance = req.originalUrl;
    // A throttled refusal tells the client, in the standard header, when it may try again.
    if (typeof body.retryAfterSeconds === 'number')
      res.setHeader('Retry-After', String(body.retryAfterSeconds));
    if (body.status >= 500)
      this.logger.error({ err: exception, path: req.originalUrl }, body.title);
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof DomainError) {
      const status = STATUS_OF[exception.kind];
      return {
        type: 'about:blank',
        title: TITLES[status] ?? 'Error',
        status,
        detail: exception.detail,
        ...exception.extensions,
      };
    }
    // The throttler's own exception carries no problem body; any 429 gets the same advice.
    if (
      exception instanceof HttpException &&
      exception.getStatus() === 429 &&
      typeof exception.getResponse() === 'string'
    ) {
      return {
        type: 'about:blank',
        title: TITLES[429]!,
        status: 429,
        detail: 'Too many requests; slow down and retry shortly.',
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (
        typeof response === 'object' &&
        response !== null &&
        'type' in response &&
        'title' in response
      ) {
        return { ...(response as ProblemDetails), status };
      }
      const message =
        typeof response === 'string'
          ? response
          : ((response as { message?: unknown }).message ?? exception.message);
      return {
        type: 'about:blank',
        title: TITLES[status] ?? 'Error',
        status,
        detail: Array.isArray(message) ? message.join('; ') : String(message),
      };
    }
    return {
      type: 'about:blank',
      title: TITLES[HttpStatus.INTERNAL_SERVER_ERROR]!,
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: 'An unexpected error occurred; it has been logged.',
    };
  }
}
