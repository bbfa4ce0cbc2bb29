/**
 * Message subscriptions: an instance waiting for a message (intermediate catch, message
 * boundary, event-based gateway target) with its name and correlation key, so that a
 * published message finds its waiting instances by index.
 */
import type { Kysely } from 'kysely';

type Db = Kysely<any>;

export interface SubscriptionRow {
  readonly id: string; // `${instanceId}:${waitId}`
  readonly instanceId: string;
  readonly waitId: string;
  readonly elementId: string;
  readonly elementInstanceId: string;
  readonly messageName: string;
  readonly correlationKey: string;
  readonly createdAt: number;
}

export function subscriptionRowId(instanceId: string, waitId: string): string {
  return `${instanceId}:${waitId}`;
}

export async function insertSubscription(db: Db, row: Omit<SubscriptionRow, 'id'>): Promise<void> {
  await db
    .insertInto('message_subscriptions')
    .values({
      id: subscriptionRowId(row.instanceId, row.waitId),
      instance_id: row.instanceId,
      wait_id: row.waitId,
      element_id: row.elementId,
      element_instance_id: row.elementInstanceId,
      message_name: row.messageName,
      correlation_key: row.correlationKey,
      created_at: row.createdAt,
    })
    .execute();
}

export async function deleteSubscription(db: Db, instanceId: string, waitId: string): Promise<void> {
  await db.deleteFrom('message_subscriptions').where('id', '=', subscriptionRowId(instanceId, waitId)).execute();
}

export async function deleteSubscriptionsOfInstance(db: Db, instanceId: string): Promise<void> {
  await db.deleteFrom('message_subscriptions').where('instance_id', '=', instanceId).execute();
}

export async function listSubscriptionsOfInstance(db: Db, instanceId: string): Promise<SubscriptionRow[]> {
  const rows = await db.selectFrom('message_subscriptions').selectAll().where('instance_id', '=', instanceId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toSubscription);
}

/** The subscriptions a message reaches, oldest first. */
export async function findSubscriptions(db: Db, messageName: string, correlationKey: string): Promise<SubscriptionRow[]> {
  const rows = await db
    .selectFrom('message_subscriptions')
    .selectAll()
    .where('message_name', '=', messageName)
    .where('correlation_key', '=', correlationKey)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toSubscription);
}

function toSubscription(row: any): SubscriptionRow {
  return {
    id: row.id,
    instanceId: row.instance_id,
    waitId: row.wait_id,
    elementId: row.element_id,
    elementInstanceId: row.element_instance_id,
    messageName: row.message_name,
    correlationKey: row.correlation_key,
    createdAt: Number(row.created_at),
  };
}
