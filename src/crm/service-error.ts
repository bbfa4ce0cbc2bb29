/**
 * The one error type services throw. Its `code` is data; the HTTP edge (src/http/
 * error-handler.ts) decides the status once. Messages never carry another user's data
 * or a secret: they are shown to whoever asked.
 */
export type ServiceErrorCode =
  | 'unauthenticated' // no valid session
  | 'forbidden' // authenticated, but the role or object rules say no
  | 'not_found' // unknown id (also for objects the caller may not see, so nothing leaks)
  | 'validation' // bad input; `fields` names each bad field
  | 'confirmation_required' // valid, but needs the user's explicit confirmation first (a banned ИНН); `fields` names what
  | 'bad_request' // the request contradicts itself (an id of another object than the path names); `fields` names it
  | 'conflict' // the state forbids it (finished deal, task already done, setup done)
  | 'locked' // too many failed logins
  | 'too_large' // an upload over the limit
  | 'unsupported_type' // an upload of a forbidden type
  | 'unavailable'; // a dependency (database, process engine) is not there

export interface FieldMessage {
  readonly field: string;
  readonly message: string;
}

export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly fields?: readonly FieldMessage[],
  ) {
    super(message);
  }
}

export const notFound = (what = 'Not found'): ServiceError => new ServiceError('not_found', what);
export const forbidden = (): ServiceError => new ServiceError('forbidden', 'You are not allowed to do this');
export const invalid = (fields: readonly FieldMessage[], message = 'Some fields are not valid'): ServiceError =>
  new ServiceError('validation', message, fields);
export const conflict = (message: string): ServiceError => new ServiceError('conflict', message);
