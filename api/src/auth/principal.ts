import type { CurrentUser, UserRole } from '@vigil/core';

/** Who is calling: a signed-in user, or an integration with an ingest key. */
export type Principal =
  | { kind: 'user'; role: UserRole; user: CurrentUser; sessionId: string }
  | { kind: 'ingest'; role: 'ingest'; keyId: string };

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
