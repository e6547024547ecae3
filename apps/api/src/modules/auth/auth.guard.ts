import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, can, type Permission } from '@vigil/contracts';
import { AuthService } from './auth.service.js';
import { PERMISSION, PUBLIC } from './auth.decorators.js';
import type { Principal } from './principal.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard: every route needs a principal — an ingest key (Authorization: Bearer) or a session
 * cookie — and the permission the route declares, checked against the role table in core.
 * Cookie-authenticated writes must echo the CSRF cookie in a header (double submit).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Sockets are authenticated once, at the handshake (LiveGateway), not per message.
    if (context.getType() === 'ws') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = await this.authenticate(request);
    if (!principal)
      throw new UnauthorizedException('Sign in, or send an ingest key as "Authorization: Bearer <key>"');
    request.principal = principal;

    const permissions = this.reflector.getAllAndOverride<Permission[] | undefined>(PERMISSION, targets);
    if (!permissions?.length) throw new ForbiddenException('This route declares no permission'); // fail closed
    if (!permissions.some((p) => can(principal.role, p))) {
      throw new ForbiddenException(`Your role may not ${permissions.join(' or ')}`);
    }
    return true;
  }

  private async authenticate(request: FastifyRequest): Promise<Principal | null> {
    const authorization = request.headers.authorization;
    if (authorization) {
      const [scheme, key] = authorization.split(' ');
      return scheme?.toLowerCase() === 'bearer' && key ? this.auth.principalForIngestKey(key) : null;
    }
    const token = request.cookies?.[SESSION_COOKIE];
    if (!token) return null;
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      const cookie = request.cookies?.[CSRF_COOKIE];
      if (!cookie || header !== cookie) throw new ForbiddenException('Missing or wrong CSRF token');
    }
    return this.auth.principalForSession(token);
  }
}
