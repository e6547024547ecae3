import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { HealthResponse } from '@vigil/contracts';
import { DatabaseRepository } from '@vigil/data';
import { Public } from '../auth/auth.decorators.js';
import { JobQueue } from '../../common/job-queue.service.js';

const TIMEOUT_MS = 2000;

function within<T>(promise: Promise<T>, fallback: T): Promise<T> {
  return Promise.race([
    promise.catch(() => fallback),
    new Promise<T>((r) => setTimeout(() => r(fallback), TIMEOUT_MS)),
  ]);
}

@ApiTags('health')
@Controller('v1/health')
export class HealthController {
  constructor(
    private readonly database: DatabaseRepository,
    private readonly queue: JobQueue,
  ) {}

  /** 200 when Postgres and Redis both answer; 503, naming the one that does not, otherwise. */
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    const [postgres, redis] = await Promise.all([
      within(this.database.ping(), false),
      within(this.queue.ping(), false),
    ]);
    const body: HealthResponse = {
      status: postgres && redis ? 'ok' : 'degraded',
      postgres: postgres ? 'up' : 'down',
      redis: redis ? 'up' : 'down',
    };
    if (body.status !== 'ok') void reply.status(HttpStatus.SERVICE_UNAVAILABLE).header('Retry-After', '5');
    return body;
  }
}
