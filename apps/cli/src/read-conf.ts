import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, parseFleetConfig, type FleetSettings } from '@supfleet/core';
import { CliError } from './cli-errors';

export interface ConfFile {
  settings: FleetSettings;
  /** The rules files of the conf, relative to the conf's directory as the server reads them. */
  rulesFiles: string[];
}

/** Reads the fleet's settings in the [supfleet] section of a supervisord-style conf, as the server does, without contacting anything. */
export function readConf(file: string): ConfFile {
  const text = readText(file);
  let settings: FleetSettings;
  try {
    settings = parseFleetConfig(text, file, { host: hostname() });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
  return { settings, rulesFiles: settings.rulesFiles.map((rules) => join(dirname(file), rules)) };
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new CliError(`${file}: cannot read: ${code ?? message}`);
  }
}
