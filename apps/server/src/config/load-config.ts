import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { hostname } from 'node:os';
import { ConfigError } from '@supfleet/core';
import { parseServiceConfig, type DatabaseSettings, type ServiceSettings } from './parse-service-config';

export { ConfigError };

export interface ServiceConfig extends Omit<ServiceSettings, 'dataDir' | 'database'> {
  file: string;
  /** Absolute directory of the SQLite database; by default `supfleet-data` beside the config file. */
  dataDir: string;
  /** `database_url`: the store on PostgreSQL; null: SQLite in dataDir. */
  database: DatabaseLocation | null;
}

export interface DatabaseLocation {
  /** database_url without its password: safe to show. */
  url: string;
  /** database_password_file's content, else SUPFLEET_DATABASE_PASSWORD, else the URL's password. */
  password: string | undefined;
}

/** The environment variable that may hold the database's password (docs/ha.md). */
export const DATABASE_PASSWORD_ENV = 'SUPFLEET_DATABASE_PASSWORD';

export const DEFAULT_DATA_DIR = 'supfleet-data';

/** Reads the service config file; rules file paths are resolved against its directory. */
export function loadConfig(
  file: string,
  overrides: { listen?: string; autoStart?: string } = {},
  env: Record<string, string | undefined> = process.env,
): ServiceConfig {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read: ${(error as Error).message}`);
  }
  const settings = parseServiceConfig(text, path, { host: hostname(), ...overrides });
  return {
    ...settings,
    file: path,
    rulesFiles: settings.rulesFiles.map((f) => resolve(dirname(path), f)),
    dataDir: resolve(dirname(path), settings.dataDir ?? DEFAULT_DATA_DIR),
    database: settings.database && databaseLocation(settings.database, dirname(path), env),
    security: {
      ...settings.security,
      tlsCert: settings.security.tlsCert && resolve(dirname(path), settings.security.tlsCert),
      tlsKey: settings.security.tlsKey && resolve(dirname(path), settings.security.tlsKey),
    },
  };
}

/** The URL without its password, and the password from the file, the environment or the URL, in that order. */
function databaseLocation(
  settings: DatabaseSettings,
  dir: string,
  env: Record<string, string | undefined>,
): DatabaseLocation {
  let url: URL;
  let password: string | undefined;
  try {
    url = new URL(settings.url);
    password = url.password === '' ? undefined : decodeURIComponent(url.password);
  } catch {
    throw new ConfigError('database_url: cannot read it: expected postgresql://user@host:port/database');
  }
  url.password = '';
  const fromEnv = env[DATABASE_PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') password = fromEnv;
  if (settings.passwordFile !== undefined) {
    const file = resolve(dir, settings.passwordFile);
    try {
      password = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new ConfigError(
        `database_password_file: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  }
  return { url: url.toString(), password };
}
