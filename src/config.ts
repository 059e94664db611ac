import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Whether cookies get the Secure flag: behind TLS (a proxy that terminates it sets CRM_SECURE_COOKIES=true). */
  secureCookies: boolean;
  /** Jobs run in this process unless turned off (e.g. a web-only node behind a load balancer). */
  runJobs: boolean;
  logLevel: string;
  /** Server processes on this machine (PostgreSQL only: the embedded database belongs to one process). */
  workers: number;
  /** ISO 3166-1 country whose phone numbers may be written without +country code (`CRM_DEFAULT_COUNTRY=DE`). */
  defaultCountry: string | undefined;
  /** The largest file an attachment may be (`CRM_ATTACHMENT_MAX_MB`, default 25). */
  attachmentMaxBytes: number;
}

function intFrom(
  value: string | undefined,
  fallback: number,
  name: string,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return parsed;
}

function countryFrom(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^[A-Za-z]{2}$/.test(value)) {
    throw new Error(`CRM_DEFAULT_COUNTRY must be a two-letter ISO 3166-1 code such as DE, got "${value}"`);
  }
  return value.toUpperCase();
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFrom(env.PORT, 3000, 'PORT', 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.CRM_DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    adminEmail: env.CRM_ADMIN_EMAIL || undefined,
    adminPassword: env.CRM_ADMIN_PASSWORD || undefined,
    secureCookies: env.CRM_SECURE_COOKIES === 'true',
    runJobs: env.CRM_RUN_JOBS !== 'false',
    logLevel: env.LOG_LEVEL || 'info',
    workers: intFrom(env.CRM_WORKERS, 1, 'CRM_WORKERS', 1, 64),
    defaultCountry: countryFrom(env.CRM_DEFAULT_COUNTRY),
    attachmentMaxBytes:
      intFrom(env.CRM_ATTACHMENT_MAX_MB, 25, 'CRM_ATTACHMENT_MAX_MB', 1, 1024) * 1024 * 1024,
  };
}
