/**
 * Job type `onec.createCounterparty`: enters the franchisee into 1C (block 7). Input:
 * `{ clientType, requisites, dealId? }`; output: `{ counterpartyRef, bankAccountRef,
 * bankRef, reused, bankAccountReused }`.
 *
 * Retryable failures: unreachable, timeout, server (5xx), aborted. Permanent: auth,
 * refused (1C's own message in `remote.message`), not_published, not_configured,
 * bad_input, protocol. After a permanent failure, or the last retry, the runtime shows
 * the message on the manual task «Завести клиента в 1С» — the deal never waits on 1C.
 */
import { ConnectorError, runSafely, type ConnectorContext, type ConnectorDeclaration } from '../connector.ts';
import { ODataOneC } from './counterparty.service.ts';
import type { OneCConfig } from './onec-config.ts';
import type { CreateCounterpartyInput, CreateCounterpartyOutput, OneCPort } from './onec.port.ts';

export const ONEC_CREATE_COUNTERPARTY = 'onec.createCounterparty';

export interface CreateCounterpartyDeps {
  readonly oneCFor?: (config: OneCConfig) => OneCPort;
}

export function createOneCCounterpartyConnector(deps: CreateCounterpartyDeps = {}): ConnectorDeclaration<OneCConfig, CreateCounterpartyInput, CreateCounterpartyOutput> {
  const oneCFor = deps.oneCFor ?? ((config: OneCConfig) => new ODataOneC(config));
  return {
    type: ONEC_CREATE_COUNTERPARTY,
    title: 'Создание контрагента в 1С',
    run: (ctx: ConnectorContext<OneCConfig, CreateCounterpartyInput>) =>
      runSafely(async () => {
        if (ctx.config === null) throw new ConnectorError('not_configured', '1C is not configured: enter the client by hand', false);
        const inn = ctx.input?.requisites?.inn;
        try {
          const out = await oneCFor(ctx.config).createCounterparty(ctx.input, ctx.signal);
          ctx.logger.info({ inn, counterpartyRef: out.counterpartyRef, reused: out.reused, idempotencyKey: ctx.idempotencyKey }, '1C counterparty ready');
          return out;
        } catch (err) {
          const e = err as Partial<ConnectorError>;
          ctx.logger.warn({ inn, code: e.code, retryable: e.retryable, status: e.remote?.status, onecMessage: e.remote?.message }, '1C counterparty not created');
          throw err;
        }
      }),
  };
}

export const oneCCounterpartyConnector = createOneCCounterpartyConnector();
