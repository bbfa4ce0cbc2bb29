/**
 * The Fastify app: TypeBox schemas on every route, OpenAPI at /api/openapi.json and a
 * browsable page at /api/docs, one error format decided at the edge, pino logs with
 * request ids, sessions + CSRF, and the built web UI (web/dist) when present.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import type { Crm } from '../crm/crm.ts';
import type { ProcessAdminPort } from '../crm/process/process-admin.port.ts';
import { installAuth } from './auth.plugin.ts';
import type { ApiContext, App } from './context.ts';
import { installErrorHandler } from './error-handler.ts';
import { installNulGuard, strictBodyValidatorFactory } from './request-validation.ts';
import { installLocalisedErrors } from './localise.ts';
import { SHARED_SCHEMAS } from './schemas.ts';
import { dealRoutes } from './routes/deals.routes.ts';
import { fileRoutes } from './routes/files.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { notificationRoutes } from './routes/notifications.routes.ts';
import { reportRoutes } from './routes/reports.routes.ts';
import { sessionRoutes } from './routes/session.routes.ts';
import { taskRoutes } from './routes/tasks.routes.ts';
import { userRoutes } from './routes/users.routes.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { adminEmailRoutes } from './routes/admin-emails.routes.ts';
import { companySettingsRoutes } from './routes/company-settings.routes.ts';
import { documentSetsRoutes } from './routes/document-sets.routes.ts';
import { templateFileRoutes } from './routes/template-files.routes.ts';

export interface AppOptions {
  readonly crm: Crm;
  readonly zone: string;
  readonly demo?: boolean;
  readonly secureCookies?: boolean;
  readonly admin?: ProcessAdminPort | null;
  /** The built web UI; served when the directory has an index.html. */
  readonly webDir?: string;
  /** pino options or false (tests). */
  readonly logger?: FastifyServerOptions['logger'];
}

export async function buildApp(options: AppOptions): Promise<App> {
  const logger = options.logger;
  // Fastify 5 takes a ready pino instance as `loggerInstance`, options as `logger`.
  const isInstance = !!logger && typeof logger === 'object' && typeof (logger as any).info === 'function';
  const app = Fastify({
    ...(isInstance ? { loggerInstance: logger as any } : { logger: logger ?? false }),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Behind a reverse proxy the client's address (for login throttling) is in X-Forwarded-For.
    trustProxy: process.env.POTOK_TRUST_PROXY === '1',
    bodyLimit: 2 * 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
    // Bodies strictly (no unknown fields, no coercion); query strings and params as above.
    schemaController: { compilersFactory: { buildValidator: strictBodyValidatorFactory() as any } },
    // Requests refused before routing (a malformed %-escape in the URL, a request line Node
    // cannot parse, e.g. raw non-ASCII in the query) answer in the API's one error format too.
    frameworkErrors: (_err, _request, reply: any) => {
      void reply.status(400).send({ code: 'bad_request', message: 'The request is not valid' });
    },
    clientErrorHandler: (err, socket) => {
      if (!socket.writable) return;
      const body = JSON.stringify({ code: 'bad_request', message: 'The request is not valid' });
      const status = (err as { code?: string }).code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const ctx: ApiContext = { crm: options.crm, zone: options.zone, demo: !!options.demo, secureCookies: !!options.secureCookies, admin: options.admin ?? null };

  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  installErrorHandler(app);
  installNulGuard(app);
  installLocalisedErrors(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (ctx.demo) reply.header('x-potok-demo', '1');
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Potok API', version: '1', description: 'Deals, tasks, documents and the processes behind them. See docs/api.md.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'potok_session' } } },
      security: [{ session: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, {
    // One byte over the policy so the file store's own meter reports "too large" cleanly.
    limits: { fileSize: options.crm.documents.uploadPolicy.maxBytes + 1, files: 1, fields: 5 },
    // Keep a path in a sent file name, so that "../x.pdf" can be refused (template files) rather than silently cut.
    preservePath: true,
  });
  installAuth(app, options.crm);

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  healthRoutes(app, ctx);
  sessionRoutes(app, ctx);
  userRoutes(app, ctx);
  dealRoutes(app, ctx);
  taskRoutes(app, ctx);
  fileRoutes(app, ctx);
  notificationRoutes(app, ctx);
  reportRoutes(app, ctx);
  adminRoutes(app, ctx);
  adminEmailRoutes(app, ctx);
  companySettingsRoutes(app, ctx);
  documentSetsRoutes(app, ctx);
  templateFileRoutes(app, ctx);

  await serveWebUi(app, options.webDir);
  return app;
}

async function serveWebUi(app: App, webDir: string | undefined): Promise<void> {
  if (!webDir || !existsSync(path.join(webDir, 'index.html'))) return;
  await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] });
  // The UI routes on the client: any unknown GET outside /api gets index.html. A catch-all
  // route, not a second not-found handler (the error handler owns that one).
  app.get('/*', { config: { public: true }, schema: { hide: true } }, (request, reply) => {
    if (request.url.startsWith('/api/') || request.url === '/api') return reply.status(404).send({ code: 'not_found', message: 'Not found' });
    return reply.sendFile('index.html');
  });
}
