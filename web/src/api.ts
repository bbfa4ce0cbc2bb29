/** The one way the UI talks to Potok: fetch with the session cookie and the CSRF header. */
import i18next from 'i18next';

/** The UI's language, so that the API answers errors in it (Accept-Language; the API's default is English). */
const language = () => (i18next.language === 'en' ? 'en' : 'ru');
export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly body: any = null,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export function setCsrf(token: string | null): void {
  csrfToken = token;
}

type Listener = () => void;
const unauthListeners = new Set<Listener>();
export function onUnauthenticated(l: Listener): () => void {
  unauthListeners.add(l);
  return () => unauthListeners.delete(l);
}

export async function api<T = any>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language() };
  if (method !== 'GET') headers['x-potok-csrf'] = csrfToken ?? '1';
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
  const text = await res.text();
  let data: any;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { message: text };
  }
  if (!res.ok) {
    if (res.status === 401 && !url.startsWith('/api/session')) for (const l of unauthListeners) l();
    throw new ApiError(res.status, data?.code ?? String(res.status), data?.message ?? res.statusText, data?.fields ?? [], data);
  }
  return data as T;
}

export const get = <T = any>(url: string) => api<T>('GET', url);
export const post = <T = any>(url: string, body?: unknown) => api<T>('POST', url, body ?? {});
export const patch = <T = any>(url: string, body?: unknown) => api<T>('PATCH', url, body ?? {});
export const put = <T = any>(url: string, body?: unknown) => api<T>('PUT', url, body ?? {});

/** A file of a deal as an object URL (the API always sends files as downloads). */
export async function fileBlobUrl(url: string): Promise<string> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { 'accept-language': language() } });
  if (!res.ok) throw new ApiError(res.status, 'file', res.statusText);
  return URL.createObjectURL(await res.blob());
}

export interface User {
  login: string;
  name: string;
  email: string | null;
  phone: string | null;
  role: string;
  active: boolean;
  isGeneralDirector: boolean;
  hasPassword: boolean;
}

export interface Deal {
  id: string;
  number: number;
  title: string;
  contactName: string;
  phone: string;
  email: string;
  city: string | null;
  source: string | null;
  comment: string | null;
  owner: string;
  salesRep: string | null;
  stage: string;
  lostReason: string | null;
  lostComment: string | null;
  instanceId: string | null;
  clientType: string | null;
  premisesAddress: string | null;
  requisites: Record<string, unknown> | null;
  documents: Record<string, { url?: string; fileId?: string }> | null;
  onecRef: string | null;
  createdAt: string;
  updatedAt: string;
  stageChangedAt: string;
  closedAt: string | null;
}

export interface Task {
  id: string;
  dealId: string | null;
  elementId: string;
  title: string;
  kind: string | null;
  author: string | null;
  assignee: string | null;
  candidateGroups: string[];
  dueAt: string | null;
  plannedAt: string | null;
  overdue: boolean;
  status: string;
  createdAt: string;
  endedAt: string | null;
  completedBy: string | null;
  deal?: { id: string; number: number; title: string; contactName: string | null; phone: string | null; stage: string | null; city: string | null } | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface SessionInfo {
  authenticated: boolean;
  demo: boolean;
  setupNeeded: boolean;
  csrfToken: string | null;
  user: User | null;
}

export const STAGES = ['new', 'first_call', 'considering', 'meeting', 'premises', 'documents', 'legal_review', 'onboarding', 'won', 'lost'] as const;
