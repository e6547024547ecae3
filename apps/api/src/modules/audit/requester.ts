import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.js';

/** Who asked for an audited action, and the request it came in (the audit log records from where). */
export interface Requester {
  principal: Principal;
  request: FastifyRequest;
}

/** The Requester of a route the guard let through (so with a principal). */
export const CurrentRequester = createParamDecorator((_: unknown, context: ExecutionContext): Requester => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return { principal: request.principal!, request };
});
