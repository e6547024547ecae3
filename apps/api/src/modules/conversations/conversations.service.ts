import {
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  PayloadTooLargeException,
} from '@nestjs/common';
import {
  ConversationStatus,
  validateConversation,
  type BulkIngestResponse,
  type Conversation,
  type ConversationDetail,
  type ConversationListQuery,
  type ConversationSummary,
  type IngestAccepted,
  type IngestRejected,
  type Page,
} from '@vigil/contracts';
import { Batcher, ConversationRepository, type StoredIngest, type VigilConfig } from '@vigil/data';
import { CONFIG } from '../../common/tokens.js';
import { badRequest } from '../../common/zod-validation.pipe.js';
import type { Principal } from '../auth/principal.js';
import { requireTeamScope } from '../auth/require-team-scope.js';
import { maySeeTeam } from '../auth/team-scope.js';
import { externalIdOf, parseBatch } from './ingest-batch.js';
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

  private async store(conversations: Conversation[]): Promise<IngestAccepted[]> {
    const stored = await this.repository.storeBatch(conversations);
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

  /** Another team's conversation is, to a user limited to teams, no conversation at all: 404. */
  async get(id: string, principal: Principal): Promise<ConversationDetail> {
    const detail = await this.repository.findDetail(id);
    if (!detail || !maySeeTeam(principal, detail.team)) throw new NotFoundException(`No conversation ${id}`);
    return detail;
  }
}
