import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';

export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

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

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Builds the body an HttpException carries so the filter can pass it through unchanged. */
export function problem(
  status: number,
  detail: string,
  extensions: Omit<Partial<ProblemDetails>, 'status'> = {},
): HttpException {
  const body: ProblemDetails = {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...extensions,
  };
  return new HttpException(body, status);
}

/** A 400 listing each bad field and the rule it breaks, as the validation pipe answers. */
export function invalid(
  errors: FieldError[],
  detail = `The request has ${errors.length} invalid field(s).`,
): HttpException {
  return problem(400, detail, { title: 'Validation failed', errors });
}

export const notFound = (what: string, id: string): HttpException =>
  problem(404, `${what} ${id} does not exist.`);

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const body = this.toProblem(exception);
    body.instance = req.originalUrl;
    if (body.status >= 500)
      this.logger.error({ err: exception, path: req.originalUrl }, body.title);
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(exception: unknown): ProblemDetails {
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
