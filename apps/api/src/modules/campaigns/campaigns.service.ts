import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { CampaignDetail, CampaignPage, CampaignSummary, ConversationSignal } from '@vigil/contracts';
import { CampaignRepository, type CampaignSummary as CampaignRecord } from '@vigil/data';
import type { Principal } from '../auth/principal.js';
import { teamsOf } from '../auth/team-scope.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCampaignCursor(c: { lastSeen: string; id: string }): string {
  return Buffer.from(JSON.stringify([c.lastSeen, c.id])).toString('base64url');
}

export function decodeCampaignCursor(text: string): { lastSeen: string; id: string } | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [lastSeen, id] = value as unknown[];
    if (typeof lastSeen !== 'string' || Number.isNaN(Date.parse(lastSeen))) return null;
    if (typeof id !== 'string' || !UUID.test(id)) return null;
    return { lastSeen, id };
  } catch {
    return null;
  }
}

const summaryOf = (c: CampaignRecord): CampaignSummary => ({
  id: c.id,
  size: c.size,
  customers: c.customers,
  firstSeen: c.firstSeen.toISOString(),
  lastSeen: c.lastSeen.toISOString(),
  detectedAt: c.detectedAt.toISOString(),
  sharedPhrases: c.sharedPhrases,
});

/** Campaigns as the caller may see them: a team-scoped user sees only their teams' members. */
@Injectable()
export class CampaignsService {
  constructor(private readonly campaigns: CampaignRepository) {}

  async list(limit: number, after: string | undefined, principal: Principal): Promise<CampaignPage> {
    const cursor = after === undefined ? undefined : decodeCampaignCursor(after);
    if (cursor === null)
      throw new BadRequestException({
        message: 'Invalid request',
        errors: [{ field: 'after', message: 'not a cursor this list gave out' }],
      });
    const rows = await this.campaigns.list(limit + 1, teamsOf(principal), cursor);
    const items = rows.slice(0, limit).map(summaryOf);
    const last = items[items.length - 1];
    return {
      items,
      next:
        rows.length > limit && last ? encodeCampaignCursor({ lastSeen: last.lastSeen, id: last.id }) : null,
    };
  }

  async get(id: string, memberLimit: number, principal: Principal): Promise<CampaignDetail> {
    const found = await this.campaigns.detail(id, memberLimit, teamsOf(principal));
    if (!found) throw new NotFoundException('No such campaign');
    return {
      ...summaryOf(found.campaign),
      members: found.members.map((m) => ({
        conversationId: m.conversationId,
        externalId: m.externalId,
        channel: m.channel,
        team: m.team,
        startedAt: m.startedAt.toISOString(),
        similarity: m.similarity,
        joinedAt: m.joinedAt.toISOString(),
        signals: m.signals as ConversationSignal[],
      })),
    };
  }
}
