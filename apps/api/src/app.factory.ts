import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { conversationSchema } from '@vigil/contracts';
import type { VigilConfig } from '@vigil/data';
import { AppModule } from './app.module.js';
import { RedisIoAdapter } from './modules/live/redis-io.adapter.js';

/** The built dashboard: VIGIL_WEB_DIR, or apps/web/build of this checkout. */
function webDir(config: VigilConfig): string {
  return config.webDir
    ? resolve(config.webDir)
    : resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'build');
}

/** The SPA's inline bootstrap script, allowed by its hash rather than by 'unsafe-inline'. */
function inlineScriptHashes(indexHtml: string): string[] {
  return [...indexHtml.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    ([, body]) =>
      `'sha256-${createHash('sha256')
        .update(body ?? '')
        .digest('base64')}'`,
  );
}

export async function createApp(config: VigilConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes, trustProxy: config.trustProxy });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: ['error', 'warn', 'log', 'debug', 'verbose'].slice(
      0,
      ['error', 'warn', 'log', 'debug', 'verbose'].indexOf(config.logLevel) + 1,
    ) as never,
  });
  app.setGlobalPrefix('api');
  app.useWebSocketAdapter(new RedisIoAdapter(app, config.redisUrl, config.queuePrefix));
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  // NDJSON batches arrive as text and are split line by line by the bulk endpoint.
  fastify.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );

  const dir = webDir(config);
  const indexPath = join(dir, 'index.html');
  const indexHtml = existsSync(indexPath) ? readFileSync(indexPath, 'utf8') : null;
  await app.register(fastifyCookie as never);
  await app.register(fastifyHelmet as never, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...(indexHtml ? inlineScriptHashes(indexHtml) : [])],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // Served over plain http on localhost by default; HSTS belongs to the TLS terminator.
    hsts: false,
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Vigil API')
      .setDescription('Ingest finished customer-service conversations; read scores and live aggregates.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ingest key' })
      .addCookieAuth('vigil_session')
      .build(),
  );
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      Conversation: z.toJSONSchema(conversationSchema, { io: 'input' }) as never,
    },
  };
  SwaggerModule.setup('api/docs', app, document, { useGlobalPrefix: false });

  if (indexHtml) {
    await app.register(fastifyStatic as never, { root: dir, prefix: '/', wildcard: false, index: false });
    // Client-side routes of the dashboard (/, /conversations/…) all start from index.html. Only a
    // page load gets it: a GET that matched no route, outside /api and /socket.io, from a client
    // that asks for HTML (browsers do when they navigate). Anything else unknown — an /api typo, a
    // metrics scraper on /metrics, a missing image — keeps the JSON 404 rather than a 200 with the
    // app, which would hide the mistake.
    fastify.addHook('onRequest', async (request, reply) => {
      if (
        request.method !== 'GET' ||
        request.routeOptions.url ||
        /^\/(api|socket\.io)(\/|$)/.test(request.url) ||
        !/\btext\/html\b/.test(request.headers.accept ?? '')
      )
        return;
      return reply.type('text/html').header('Cache-Control', 'no-cache').send(indexHtml);
    });
  } else {
    new Logger('Web').warn(`no dashboard at ${dir}: run "npm run build" to serve it`);
  }
  return app;
}
