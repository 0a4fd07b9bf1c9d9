import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { hostname } from 'node:os';
import { ConfigError, parseServiceConfig, type ServiceSettings } from '@supfleet/core';

export { ConfigError };

export interface ServiceConfig extends Omit<ServiceSettings, 'dataDir'> {
  file: string;
  /** Absolute directory of the database; by default `supfleet-data` beside the config file. */
  dataDir: string;
}

export const DEFAULT_DATA_DIR = 'supfleet-data';

/** Reads the service config file; rules file paths are resolved against its directory. */
export function loadConfig(file: string, overrides: { listen?: string } = {}): ServiceConfig {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read: ${(error as Error).message}`);
  }
  const settings = parseServiceConfig(text, path, { host: hostname(), listen: overrides.listen });
  return {
    ...settings,
    file: path,
    rulesFiles: settings.rulesFiles.map((f) => resolve(dirname(path), f)),
    dataDir: resolve(dirname(path), settings.dataDir ?? DEFAULT_DATA_DIR),
    security: {
      ...settings.security,
      tlsCert: settings.security.tlsCert && resolve(dirname(path), settings.security.tlsCert),
      tlsKey: settings.security.tlsKey && resolve(dirname(path), settings.security.tlsKey),
    },
  };
}
