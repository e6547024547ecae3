import type { CurrentUser, UserRole } from '@vigil/contracts';

/** Who is calling: a signed-in user, or an integration with an ingest key. */
export type Principal =
  | { kind: 'user'; role: UserRole; user: CurrentUser; sessionId: string }
  /** `source`: the only source the key may post conversations as; null for any. */
  | { kind: 'ingest'; role: 'ingest'; keyId: string; keyName: string; source: string | null };

/** How a change is attributed in the records (configuration versions, runs, the audit log). */
export function actorOf(principal: Principal): string {
  return principal.kind === 'user' ? principal.user.email : `ingest key ${principal.keyName}`;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
