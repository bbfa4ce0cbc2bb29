/**
 * From a BPMN job of type `onec.createCounterparty` (process variables `clientType`,
 * `requisites`, `dealId`) to the connector's input, and from its output to the variables
 * the job completes with (`onecRef`, which `enter_into_1c` shows pre-filled).
 */
import type { CreateCounterpartyInput, CreateCounterpartyOutput, Requisites } from './onec.port.ts';

type JsonLike = null | boolean | number | string | JsonLike[] | { [key: string]: JsonLike };

export function oneCInputFromJob(variables: Readonly<Record<string, JsonLike>>): CreateCounterpartyInput {
  return {
    clientType: variables.clientType as CreateCounterpartyInput['clientType'],
    requisites: (variables.requisites ?? {}) as unknown as Requisites,
    dealId: typeof variables.dealId === 'string' ? variables.dealId : null,
  };
}

export function oneCJobVariables(output: CreateCounterpartyOutput): { onecRef: string } {
  return { onecRef: output.counterpartyRef };
}
