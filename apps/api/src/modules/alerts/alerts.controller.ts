import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  alertDeliveryQuerySchema,
  alertRuleSchema,
  type AlertDeliveryPage,
  type AlertRule,
  type AlertRuleSaved,
} from '@vigil/contracts';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { CurrentRequester, type Requester } from '../audit/requester.js';
import { RequirePermission } from '../auth/auth.decorators.js';
import { AlertsService } from './alerts.service.js';

class AlertRuleBody extends zodDto(alertRuleSchema) {}
class DeliveryQuery extends zodDto(alertDeliveryQuerySchema) {}

/** Alert rules (Settings → Alerts) and their delivery log: managers and admins (settings.alerts). */
@ApiTags('alerts')
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get('rules')
  @RequirePermission('settings.alerts')
  list(): Promise<AlertRule[]> {
    return this.alerts.list();
  }

  /** The answer's `secrets` holds each webhook secret set now, in full, this once. */
  @Post('rules')
  @RequirePermission('settings.alerts')
  create(@Body() body: AlertRuleBody, @CurrentRequester() by: Requester): Promise<AlertRuleSaved> {
    return this.alerts.create(body, by);
  }

  @Get('rules/:id')
  @RequirePermission('settings.alerts')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<AlertRule> {
    return this.alerts.get(id);
  }

  /** The whole rule; a webhook channel without a secret keeps the one it had for that URL. */
  @Put('rules/:id')
  @RequirePermission('settings.alerts')
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AlertRuleBody,
    @CurrentRequester() by: Requester,
  ): Promise<AlertRuleSaved> {
    return this.alerts.update(id, body, by);
  }

  @Delete('rules/:id')
  @HttpCode(204)
  @RequirePermission('settings.alerts')
  remove(@Param('id', new ParseUUIDPipe()) id: string, @CurrentRequester() by: Requester): Promise<void> {
    return this.alerts.remove(id, by);
  }

  @Post('rules/:id/test')
  @HttpCode(202)
  @RequirePermission('settings.alerts')
  test(@Param('id', new ParseUUIDPipe()) id: string): Promise<{ deliveries: number }> {
    return this.alerts.test(id);
  }

  @Get('deliveries')
  @RequirePermission('settings.alerts')
  deliveries(@Query() query: DeliveryQuery): Promise<AlertDeliveryPage> {
    return this.alerts.deliveries(query);
  }
}
