import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { erasureListQuerySchema, erasureRequestSchema, type Erasure } from '@vigil/contracts';
import { RequirePermission } from '../auth/auth.decorators.js';
import { CurrentRequester, type Requester } from '../audit/requester.js';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { ErasureService } from './erasure.service.js';

class ErasureBody extends zodDto(erasureRequestSchema) {}
class ErasureListQuery extends zodDto(erasureListQuerySchema) {}

/** Erasure of a customer's data on request; compliance officers handle such requests, as admins may. */
@ApiTags('compliance')
@Controller('v1/erasures')
export class ErasuresController {
  constructor(private readonly erasures: ErasureService) {}

  @Post()
  @RequirePermission('conversations.erase')
  erase(@Body() body: ErasureBody, @CurrentRequester() by: Requester): Promise<Erasure> {
    return this.erasures.erase(body.customerId, by);
  }

  @Get()
  @RequirePermission('conversations.erase')
  list(@Query() query: ErasureListQuery): Promise<Erasure[]> {
    return this.erasures.list(query.customerId);
  }
}
