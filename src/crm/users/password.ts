/** Passwords: argon2id (memory-hard) through @node-rs/argon2, prebuilt for every platform. */
import { hash, verify } from '@node-rs/argon2';

// Algorithm 2 = Argon2id (the const enum is not importable under isolatedModules).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS as any);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, to spend the same time when the login is unknown. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not-a-real-password-' + Math.random());
  return dummy;
}

export const MIN_PASSWORD_LENGTH = 8;
