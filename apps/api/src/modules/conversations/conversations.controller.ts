import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  CHANNELS,
  CONVERSATION_STATUSES,
  LIST_QA_OUTCOMES,
  type BulkIngestResponse,
  type ConversationDetail,
  type ConversationSummary,
  type IngestAccepted,
  type Page,
  type UnredactedConversation,
} from '@vigil/contracts';
import type { VigilConfig } from '@vigil/data';
import { CurrentRequester, type Requester } from '../audit/requester.js';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { RateLimiter } from '../../common/rate-limiter.service.js';
import { CONFIG } from '../../common/tokens.js';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { ConversationsService } from './conversations.service.js';

class ListQuery extends zodDto(
  z
    .strictObject({
      page: z.coerce.number().int().min(1).max(100_000).default(1),
      pageSize: z.coerce.number().int().min(1).max(200).default(50),
      team: z.string().max(200).optional(),
      channel: z.enum(CHANNELS).optional(),
      agent: z.string().max(200).optional(),
      topic: z.string().max(200).optional(),
      status: z.enum(CONVERSATION_STATUSES).optional(),
      sentiment: z.enum(['negative', 'neutral', 'positive']).optional(),
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
      q: z.string().trim().min(1).max(200).optional(),
      criterion: z.string().max(100).optional(),
      outcome: z.enum(LIST_QA_OUTCOMES).optional(),
    })
    // An outcome means nothing without the criterion it is of.
    .refine((q) => !q.outcome || q.criterion, { path: ['outcome'], message: 'needs a criterion' }),
) {}

@ApiTags('conversations')
@Controller('v1/conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly limiter: RateLimiter,
    @Inject(CONFIG) private readonly config: VigilConfig,
  ) {}

  @Post()
  @HttpCode(202)
  @RequirePermission('conversations.ingest')
  @ApiBody({ schema: { $ref: '#/components/schemas/Conversation' } })
  async ingest(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<IngestAccepted> {
    await this.rateLimit(principal);
    return this.conversations.ingestOne(body, principal);
  }

  @Post('bulk')
  @HttpCode(202)
  @RequirePermission('conversations.ingest')
  @ApiConsumes('application/json', 'application/x-ndjson')
  @ApiBody({ schema: { type: 'array', items: { $ref: '#/components/schemas/Conversation' } } })
  async ingestBulk(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BulkIngestResponse> {
    await this.rateLimit(principal);
    return this.conversations.ingestBulk(body, principal);
  }

  @Get()
  @RequirePermission('conversations.read')
  list(
    @Query() query: ListQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<ConversationSummary>> {
    return this.conversations.list(query, principal);
  }

  @Get(':id')
  @RequirePermission('conversations.read')
  get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConversationDetail> {
    return this.conversations.get(id, principal);
  }

  /** The original texts, where kept: with the permission to read them, and audited. */
  @Get(':id/unredacted')
  @RequirePermission('conversations.readUnredacted')
  unredacted(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentRequester() by: Requester,
  ): Promise<UnredactedConversation> {
    return this.conversations.unredacted(id, by);
  }

  /** Requests, not conversations, are counted: a bulk batch is one request. */
  private rateLimit(principal: Principal): Promise<void> {
    const key = principal.kind === 'ingest' ? principal.keyId : principal.user.id;
    return this.limiter.consume('ingest', key, this.config.ingestRateLimitPerMinute);
  }
}
