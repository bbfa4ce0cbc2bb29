import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Crm } from '../crm/crm.ts';
import type { ProcessAdminPort } from '../crm/process/process-admin.port.ts';

export type App = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>;

export interface ApiContext {
  readonly crm: Crm;
  readonly zone: string;
  readonly demo: boolean;
  readonly secureCookies: boolean;
  readonly admin: ProcessAdminPort | null;
}
