import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ApiError } from '@vigil/contracts';
import { isDatabaseUnavailable } from '@vigil/data';

const RETRY_AFTER_SECONDS = 5;

/** Every error leaves the API in one shape (ApiError), and nothing internal leaks into it. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toApiError(exception);
    if (body.statusCode === 503) void reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    const retryAfter = (exception as { getResponse?: () => { retryAfter?: number } }).getResponse?.()
      ?.retryAfter;
    if (body.statusCode === 429 && retryAfter) void reply.header('Retry-After', String(retryAfter));
    void reply.status(body.statusCode).send(body);
  }

  toApiError(exception: unknown): ApiError {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const r = (typeof response === 'string' ? { message: response } : response) as Partial<ApiError>;
      const message = Array.isArray(r.message) ? r.message.join('; ') : (r.message ?? exception.message);
      return {
        statusCode: status,
        error: httpErrorName(status),
        message,
        ...(r.errors ? { errors: r.errors } : {}),
      };
    }
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // Fastify's own errors (body too large, bad JSON, wrong media type) are the client's to fix.
      return {
        statusCode: fastifyStatus,
        error: httpErrorName(fastifyStatus),
        message: (exception as Error).message,
      };
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`database unavailable: ${(exception as Error).message}`);
      return {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The database is unavailable; retry shortly',
      };
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    return { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side' };
  }
}

const NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

function httpErrorName(status: number): string {
  return NAMES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}
