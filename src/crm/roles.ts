/** Roles of Potok's users (spec: "Who uses it"). */
export const ROLES = ['admin', 'manager', 'sales_rep', 'lawyer', 'director'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is asking: every service call takes one. `system` is the engine or a worker. */
export interface Actor {
  readonly login: string;
  readonly name: string;
  readonly role: Role;
}

export const SYSTEM_ACTOR: Actor = { login: 'system', name: 'Potok', role: 'admin' };
