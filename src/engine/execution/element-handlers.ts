/** One handler per element type; the Record makes a new ElementType a compile error until it has behaviour. */
import type { ElementType } from '../api.ts';
import type { ElementHandler } from './handlers/element-handler.ts';
import { boundaryEventHandler, catchEventHandler, endEventHandler, startEventHandler } from './handlers/event.handlers.ts';
import { eventBasedGatewayHandler, exclusiveGatewayHandler, parallelGatewayHandler } from './handlers/gateway.handlers.ts';
import { scopeHandler } from './handlers/scope.handlers.ts';
import { jobTaskHandler, userTaskHandler } from './handlers/task.handlers.ts';

export const HANDLERS: Readonly<Record<ElementType, ElementHandler>> = {
  process: scopeHandler,
  subProcess: scopeHandler,
  startEvent: startEventHandler,
  endEvent: endEventHandler,
  userTask: userTaskHandler,
  serviceTask: jobTaskHandler,
  sendTask: jobTaskHandler,
  exclusiveGateway: exclusiveGatewayHandler,
  parallelGateway: parallelGatewayHandler,
  eventBasedGateway: eventBasedGatewayHandler,
  intermediateCatchEvent: catchEventHandler,
  boundaryEvent: boundaryEventHandler,
};
