import type { CreatedIngestKey, IngestKeySummary } from '@vigil/contracts';
import { request, type Fetch } from './client';

/** Ingest keys (admins): listed, created, revoked. */
export const ingestKeysApi = (fetchFn: Fetch) => ({
  ingestKeys: () => request<IngestKeySummary[]>(fetchFn, 'GET', '/ingest-keys'),
  /** The answer holds the key itself, the only time it is ever shown. */
  createIngestKey: (name: string, source?: string) =>
    request<CreatedIngestKey>(fetchFn, 'POST', '/ingest-keys', {
      body: { name, source: source || undefined },
    }),
  revokeIngestKey: (id: string) =>
    request<IngestKeySummary>(fetchFn, 'POST', `/ingest-keys/${encodeURIComponent(id)}/revoke`),
});
