/**
 * What a person typed into a task's form, kept in the browser (localStorage) until the
 * task is completed: a rep on a phone who switches to the camera, takes a call or goes
 * back to the list finds the form as they left it — uploaded files included (they are
 * already on the server; the draft keeps their ids). One draft per person and task; old
 * ones (older than 30 days) are dropped.
 */

const PREFIX = 'potok.draft.';
const MAX_AGE_MS = 30 * 24 * 3600_000;

export interface TaskDraft {
  readonly savedAt: number;
  readonly data: Record<string, unknown>;
}

const keyOf = (login: string, taskId: string) => `${PREFIX}${login}.${taskId}`;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // private mode, disabled storage: no drafts, nothing breaks
  }
}

export function loadDraft(login: string, taskId: string, now = Date.now()): TaskDraft | null {
  const s = storage();
  const raw = s?.getItem(keyOf(login, taskId));
  if (!s || !raw) return null;
  try {
    const draft = JSON.parse(raw) as TaskDraft;
    if (typeof draft?.savedAt !== 'number' || typeof draft.data !== 'object' || draft.data === null || now - draft.savedAt > MAX_AGE_MS) {
      s.removeItem(keyOf(login, taskId));
      return null;
    }
    return draft;
  } catch {
    s.removeItem(keyOf(login, taskId));
    return null;
  }
}

/** Keeps the form's data unless it is the task's own values (nothing typed yet). */
export function saveDraft(login: string, taskId: string, data: Record<string, unknown>, initial: Record<string, unknown>, now = Date.now()): void {
  const s = storage();
  if (!s) return;
  if (JSON.stringify(data) === JSON.stringify(initial)) {
    s.removeItem(keyOf(login, taskId));
    return;
  }
  try {
    s.setItem(keyOf(login, taskId), JSON.stringify({ savedAt: now, data } satisfies TaskDraft));
  } catch {
    /* storage full: the form still works */
  }
}

export function dropDraft(login: string, taskId: string): void {
  storage()?.removeItem(keyOf(login, taskId));
}

/** Drafts older than 30 days, of any person and task. */
export function dropOldDrafts(now = Date.now()): void {
  const s = storage();
  if (!s) return;
  const keys: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const k = s.key(i);
    if (k?.startsWith(PREFIX)) keys.push(k);
  }
  for (const k of keys) {
    try {
      const d = JSON.parse(s.getItem(k) ?? 'null') as TaskDraft | null;
      if (!d || now - d.savedAt > MAX_AGE_MS) s.removeItem(k);
    } catch {
      s.removeItem(k);
    }
  }
}
