/** Domain objects → API shapes: instants become ISO strings with the company's offset. */
import type { Deal } from '../crm/deals/deal.types.ts';
import type { FileInfo } from '../crm/documents/document.service.ts';
import type { Notification } from '../crm/notifications/notification.repository.ts';
import type { TaskListItem } from '../crm/tasks/task.repository.ts';
import type { TimelineEntry } from '../crm/timeline/timeline.repository.ts';
import { toIso } from '../crm/time-format.ts';

export function dealDto(d: Deal, zone: string) {
  return { ...d, createdAt: toIso(d.createdAt, zone)!, updatedAt: toIso(d.updatedAt, zone)!, stageChangedAt: toIso(d.stageChangedAt, zone)!, closedAt: toIso(d.closedAt, zone) };
}

/** A task on the API: a list item or a whole Task (which has every field a list item has). */
export function taskDto(t: Omit<TaskListItem, 'deal'> & { deal?: unknown }, zone: string, now: number) {
  return {
    id: t.id,
    dealId: t.dealId,
    elementId: t.elementId,
    title: t.title,
    kind: t.kind,
    author: t.author,
    assignee: t.assignee,
    candidateGroups: [...t.candidateGroups],
    dueAt: toIso(t.dueAt, zone),
    plannedAt: toIso(t.plannedAt, zone),
    overdue: t.status === 'open' && t.dueAt !== null && t.dueAt < now,
    status: t.status,
    createdAt: toIso(t.createdAt, zone)!,
    endedAt: toIso(t.endedAt, zone),
    completedBy: t.completedBy,
    ...(t.deal !== undefined ? { deal: t.deal as any } : {}),
  };
}

/** Instants kept as milliseconds in a timeline entry's data, by kind: the API gives them as ISO with the offset like every date. */
const INSTANTS_IN_DATA: Readonly<Record<string, readonly string[]>> = {
  task_created: ['dueAt', 'plannedAt'],
  meeting_rescheduled: ['from', 'to', 'end'],
};

export function timelineDto(e: TimelineEntry, zone: string) {
  const keys = INSTANTS_IN_DATA[e.kind];
  let data = e.data;
  if (keys && data && typeof data === 'object') {
    const d: Record<string, unknown> = { ...(data as Record<string, unknown>) };
    for (const k of keys) if (typeof d[k] === 'number') d[k] = toIso(d[k] as number, zone);
    data = d as typeof data;
  }
  return { id: e.id, at: toIso(e.at, zone)!, kind: e.kind, actor: e.actor, data };
}

export function notificationDto(n: Notification, zone: string) {
  return { id: n.id, kind: n.kind, title: n.title, body: n.body, dealId: n.dealId, taskId: n.taskId, createdAt: toIso(n.createdAt, zone)!, readAt: toIso(n.readAt, zone) };
}

export function fileDto(f: FileInfo, zone: string) {
  return { ...f, createdAt: toIso(f.createdAt, zone)!, url: `/api/files/${f.id}` };
}
