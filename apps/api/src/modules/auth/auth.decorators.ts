import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Permission } from '@vigil/contracts';
import type { Principal } from './principal.js';

export const PUBLIC = 'vigil:public';
export const PERMISSION = 'vigil:permission';

/** Reachable without signing in (login, health). Everything else requires a principal. */
export const Public = () => SetMetadata(PUBLIC, true);

/** The permission of the role table (packages/contracts/src/roles.ts) this route needs; given several, any one of them will do. */
export const RequirePermission = (...permissions: [Permission, ...Permission[]]) =>
  SetMetadata(PERMISSION, permissions);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => context.switchToHttp().getRequest().principal,
);
