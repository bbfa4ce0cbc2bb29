/**
 * Server configuration: environment variables, each overridable by a flag of
 * `potok serve` (see docs/operating.md).
 */
import path from 'node:path';
import type { Workday } from '../calendar/index.ts';
import { workdayFromEnv, WorkdayConfigError } from '../crm/admin/company-settings.service.ts';

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly timeZone: string;
  /** The working day until an admin saves one (POTOK_WORKDAY_START/END, default 09:00–18:00). */
  readonly workday: Workday;
  readonly demo: boolean;
  /** Largest upload in bytes (POTOK_UPLOAD_MAX_MB, default 20 MB). */
  readonly uploadMaxBytes: number;
  /** Accepted content types (POTOK_UPLOAD_TYPES, comma-separated; default: PDF, images, Office, zip, text). */
  readonly uploadTypes?: readonly string[];
  /** Serve the built web UI from here when it exists (default web/dist). */
  readonly webDir: string;
  /** Secure cookies (POTOK_SECURE_COOKIES=1 behind HTTPS). */
  readonly secureCookies: boolean;
  /** How long the database may be unreachable before the process exits (POTOK_DB_OUTAGE_LIMIT_MS / --outage-limit-ms). */
  readonly outageLimitMs: number;
  /** Serving processes sharing the port (POTOK_PROCESSES / --processes; default 1). */
  readonly processes: number;
}

export interface ServeFlags {
  port?: string;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
  demo?: boolean;
  outageLimitMs?: string;
  processes?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(flags: ServeFlags = {}, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const portText = flags.port ?? env.POTOK_PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`port must be a number 0–65535 (got "${portText}")`);
  const maxMb = Number(env.POTOK_UPLOAD_MAX_MB ?? '20');
  if (!(maxMb > 0)) throw new ConfigError(`POTOK_UPLOAD_MAX_MB must be a positive number (got "${env.POTOK_UPLOAD_MAX_MB}")`);
  const types = env.POTOK_UPLOAD_TYPES?.split(',').map((s) => s.trim()).filter(Boolean);
  const timeZone = env.POTOK_TZ ?? 'Europe/Moscow';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new ConfigError(`POTOK_TZ is not a known time zone: "${timeZone}"`);
  }
  let workday: Workday;
  try {
    workday = workdayFromEnv(env);
  } catch (err) {
    if (err instanceof WorkdayConfigError) throw new ConfigError(err.message);
    throw err;
  }
  const outageText = flags.outageLimitMs ?? env.POTOK_DB_OUTAGE_LIMIT_MS ?? '60000';
  const outageLimitMs = Number(outageText);
  if (!Number.isInteger(outageLimitMs) || outageLimitMs <= 0) throw new ConfigError(`--outage-limit-ms / POTOK_DB_OUTAGE_LIMIT_MS must be a positive whole number of milliseconds (got "${outageText}")`);
  const processesText = flags.processes ?? env.POTOK_PROCESSES ?? '1';
  const processes = Number(processesText);
  if (!Number.isInteger(processes) || processes < 1 || processes > 64) throw new ConfigError(`--processes / POTOK_PROCESSES must be a whole number 1–64 (got "${processesText}")`);
  const databaseUrl = flags.databaseUrl ?? env.DATABASE_URL;
  return {
    port,
    host: flags.host ?? env.POTOK_HOST ?? '127.0.0.1',
    dataDir: path.resolve(flags.dataDir ?? env.POTOK_DATA_DIR ?? './data'),
    ...(databaseUrl ? { databaseUrl } : {}),
    timeZone,
    workday,
    demo: !!flags.demo,
    uploadMaxBytes: Math.round(maxMb * 1024 * 1024),
    ...(types?.length ? { uploadTypes: types } : {}),
    webDir: path.resolve(env.POTOK_WEB_DIR ?? 'web/dist'),
    secureCookies: env.POTOK_SECURE_COOKIES === '1',
    outageLimitMs,
    processes,
  };
}
