import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CONVERSATION_LIMITS, type CreatedIngestKey, type IngestKeySummary } from '@vigil/contracts';
import { RequirePermission } from '../auth/auth.decorators.js';
import { CurrentRequester, type Requester } from '../audit/requester.js';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { IngestKeysService } from './ingest-keys.service.js';

class NewIngestKey extends zodDto(
  z.strictObject({
    name: z.string().trim().min(1).max(200),
    // As a conversation's source is read (trimmed, the same length), so that the two compare equal.
    source: z.string().trim().min(1).max(CONVERSATION_LIMITS.maxIdChars).optional(),
  }),
) {}

/** Ingest keys: integrations post conversations with them. Admins only. */
@ApiTags('ingest keys')
@Controller('v1/ingest-keys')
export class IngestKeysController {
  constructor(private readonly keys: IngestKeysService) {}

  @Get()
  @RequirePermission('settings.keys')
  list(): Promise<IngestKeySummary[]> {
    return this.keys.list();
  }

  @Post()
  @HttpCode(201)
  @RequirePermission('settings.keys')
  create(@Body() body: NewIngestKey, @CurrentRequester() by: Requester): Promise<CreatedIngestKey> {
    return this.keys.create(body, by);
  }

  /** Idempotent: revoking a revoked key answers the same. */
  @Post(':id/revoke')
  @HttpCode(200)
  @RequirePermission('settings.keys')
  revoke(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentRequester() by: Requester,
  ): Promise<IngestKeySummary> {
    return this.keys.revoke(id, by);
  }
}
