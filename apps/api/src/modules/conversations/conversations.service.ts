import {
  ForbiddenException,
  Inject,
  Injectable,
  InternalServerErrorException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  CONVERSATION_SIGNAL_KINDS,
  ConversationStatus,
  OUTLIER_SIGNAL_KINDS,
  can,
  validateConversation,
  type BulkIngestResponse,
  type Conversation,
  type ConversationDetail,
  type ConversationListQuery,
  type ConversationSummary,
  type IngestAccepted,
  type IngestRejected,
  type Page,
  type UnredactedConversation,
} from '@vigil/contracts';
import { Batcher, ConversationRepository, type StoredIngest, type VigilConfig } from '@vigil/data';
import { maskConversation } from '@vigil/engine';
import { CONFIG } from '../../common/tokens.js';
import { badRequest } from '../../common/zod-validation.pipe.js';
import { AuditService } from '../audit/audit.service.js';
import type { Requester } from '../audit/requester.js';
import type { Principal } from '../auth/principal.js';
import { requireTeamScope } from '../auth/require-team-scope.js';
import { maySeeTeam } from '../auth/team-scope.js';
import { externalIdOf, parseBatch } from './ingest-batch.js';
import { openTexts, sealTexts } from './original-texts.js';
import { restrictSource, sourceRefusal } from './ingest-source.js';
import { ScoreQueueService } from './score-queue.service.js';

/** The only source an ingest key may post as; null for any. */
const allowedSource = (by: Principal): string | null => (by.kind === 'ingest' ? by.source : null);

@Injectable()
export class ConversationsService {
  /** Single POSTs that arrive together are stored together: one statement and one commit (see Batcher). */
  private readonly singles = new Batcher<Conversation, IngestAccepted>(
    (conversations) => this.storeTogether(conversations),
    500,
    0,
  );

  constructor(
    private readonly repository: ConversationRepository,
    private readonly queue: ScoreQueueService,
    private readonly audit: AuditService,
    @Inject(CONFIG) private readonly config: VigilConfig,
  ) {}

  async ingestOne(body: unknown, by: Principal): Promise<IngestAccepted> {
    const result = validateConversation(body);
    if (!result.ok) throw badRequest(result.errors, 'Invalid conversation');
    const refused = sourceRefusal(result.value.source, allowedSource(by));
    if (refused) throw new ForbiddenException({ message: refused.message, errors: [refused] });
    return this.singles.submit(result.value);
  }

  /**
   * Single POSTs, stored in one statement. Should Postgres refuse it, each is stored alone, so a
   * conversation it cannot take fails its own request and no other.
   */
  private async storeTogether(conversations: Conversation[]): Promise<Array<IngestAccepted | Error>> {
    try {
      return await this.store(conversations);
    } catch (error) {
      if (conversations.length === 1) return [error as Error];
      return Promise.all(
        conversations.map((c) =>
          this.store([c]).then(
            ([accepted]) => accepted!,
            (e: Error) => e,
          ),
        ),
      );
    }
  }

  /**
   * A batch as a JSON array, or NDJSON text (one conversation per line). Each conversation stands
   * alone: the good ones are stored, the bad ones are listed with their reasons.
   */
  async ingestBulk(body: unknown, by: Principal): Promise<BulkIngestResponse> {
    const items = parseBatch(body);
    if (!items)
      throw badRequest([{ field: '(body)', message: 'expected a JSON array of conversations or NDJSON' }]);
    if (items.length > this.config.bulkMaxConversations) {
      throw new PayloadTooLargeException(
        `A batch holds at most ${this.config.bulkMaxConversations} conversations; this one has ${items.length}`,
      );
    }
    const valid: Conversation[] = [];
    const rejected: IngestRejected[] = [];
    const allowed = allowedSource(by);
    items.forEach((item, index) => {
      if ('parseError' in item)
        return rejected.push({ index, errors: [{ field: '(line)', message: item.parseError }] });
      const result = restrictSource(validateConversation(item.value), allowed);
      if (result.ok) valid.push(result.value);
      else rejected.push({ index, externalId: externalIdOf(item.value), errors: result.errors });
    });
    const accepted = await this.store(valid);
    return { accepted, rejected };
  }

  /**
   * Personal data in message text is masked before anything is stored: the conversation row, and so
   * its analyses, evidence and everything derived, hold masks, never the values. Where the operator
   * keeps originals, those of the conversations that had something masked are sealed and stored with
   * them; otherwise the originals go no further than this request.
   */
  private async store(conversations: Conversation[]): Promise<IngestAccepted[]> {
    const masked = conversations.map((c) => maskConversation(c));
    const key = this.config.pii.keepOriginals ? this.config.pii.key : null;
    const originals = key
      ? conversations.map((c, i) =>
          masked[i] === c
            ? null
            : sealTexts(
                key,
                c.source,
                c.externalId,
                c.messages.map((m) => m.text),
              ),
        )
      : undefined;
    const stored = await this.repository.storeBatch(masked, originals);
    // New ones, and repeats that never reached the queue; repeats already queued or scored are left alone.
    const toQueue = new Map(
      stored
        .filter((s) => s.created || s.status === ConversationStatus.Received)
        .map((s) => [s.id, s.status] as const),
    );
    await this.queue.enqueue([...toQueue].map(([id, status]) => ({ id, status })));
    return stored.map(({ status: _status, ...accepted }: StoredIngest) => accepted);
  }

  /** A user limited to teams lists their teams' conversations only (403 for naming another team). */
  list(
    query: ConversationListQuery & { page: number; pageSize: number },
    principal: Principal,
  ): Promise<Page<ConversationSummary>> {
    return this.repository.list(query, requireTeamScope(principal, query.team));
  }

  /**
   * The original texts of a conversation, for those allowed to read them; the read is on the audit
   * log before the texts leave. 404 where no original is kept (nothing was masked, or keeping was
   * off when the conversation arrived), as for a conversation of another team.
   */
  async unredacted(id: string, by: Requester): Promise<UnredactedConversation> {
    await this.get(id, by.principal);
    const kept = await this.repository.findOriginal(id);
    if (!kept)
      throw new NotFoundException(
        `No original is kept for conversation ${id}: nothing in it was masked, or originals were not kept when it arrived`,
      );
    const key = this.config.pii.key;
    if (!key)
      throw new ServiceUnavailableException('Originals are kept, but VIGIL_PII_KEY is not set to read them');
    let texts: string[];
    try {
      texts = openTexts(key, kept.source, kept.externalId, kept.sealed);
    } catch {
      throw new InternalServerErrorException(
        'The original cannot be opened with the configured VIGIL_PII_KEY',
      );
    }
    await this.audit.record('conversation.unredactedRead', by, {
      target: `conversation:${id}`,
      details: { messages: texts.length },
    });
    return { conversationId: id, texts };
  }

  /** Another team's conversation is, to a user limited to teams, no conversation at all: 404. */
  async get(id: string, principal: Principal): Promise<ConversationDetail> {
    // Cross-account signals are fraud findings about other accounts too: for those who read flags.
    const signalKinds = can(principal.role, 'flags.read') ? CONVERSATION_SIGNAL_KINDS : OUTLIER_SIGNAL_KINDS;
    const detail = await this.repository.findDetail(id, signalKinds);
    if (!detail || !maySeeTeam(principal, detail.team)) throw new NotFoundException(`No conversation ${id}`);
    return detail;
  }
}
