import type { CurrentUser, UserRole } from '@vigil/contracts';

/** Who is calling: a signed-in user, or an integration with an ingest key. */
export type Principal =
  | { kind: 'user'; role: UserRole; user: CurrentUser; sessionId: string }
  | { kind: 'ingest'; role: 'ingest'; keyId: string };

/** How a change is attributed in the records (configuration versions, runs). */
export function actorOf(principal: Principal): string {
  return principal.kind === 'user' ? principal.user.email : 'ingest key';
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
