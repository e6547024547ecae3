import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  CAMPAIGN_MEMBERS_MAX,
  CAMPAIGN_PAGE_MAX,
  type CampaignDetail,
  type CampaignPage,
} from '@vigil/contracts';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { CampaignsService } from './campaigns.service.js';

class CampaignListQuery extends zodDto(
  z.strictObject({
    limit: z.coerce.number().int().min(1).max(CAMPAIGN_PAGE_MAX).default(25),
    after: z.string().max(400).optional(),
  }),
) {}

class CampaignQuery extends zodDto(
  z.strictObject({
    members: z.coerce.number().int().min(1).max(CAMPAIGN_MEMBERS_MAX).default(200),
  }),
) {}

/** Fraud campaigns (the same script from many callers): read with flags.read, like the review queue. */
@ApiTags('fraud')
@Controller('v1/fraud/campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  @RequirePermission('flags.read')
  list(@Query() query: CampaignListQuery, @CurrentPrincipal() principal: Principal): Promise<CampaignPage> {
    return this.campaigns.list(query.limit, query.after, principal);
  }

  @Get(':id')
  @RequirePermission('flags.read')
  get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: CampaignQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CampaignDetail> {
    return this.campaigns.get(id, query.members, principal);
  }
}
