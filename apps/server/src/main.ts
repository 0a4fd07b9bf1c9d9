import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { systemClock } from './clock/clock';
import { ConfigError, loadConfig } from './config/load-config';
import { createService, readRules, RulesError, UnsafeListenError } from './service';
import { StoreOpenError } from './store/open-error';
import { DomainError } from './errors';
import { createLogger } from './logging/logger';

const USAGE = `usage: supfleet serve --config FILE [--listen HOST:PORT] [--auto-start on|off]

  -c, --config FILE       supervisord-style file with a [supfleet] section
  -l, --listen HOST:PORT  overrides the section's listen (default 127.0.0.1:61100)
      --auto-start on|off overrides the section's auto_start (the browser tests start by hand)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string', short: 'c' },
      listen: { type: 'string', short: 'l' },
      'auto-start': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.config) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(values.help ? 0 : 2);
  }
  const config = loadConfig(values.config, { listen: values.listen, autoStart: values['auto-start'] });
  const logger = createLogger({ level: config.logLevel });
  if (['0.0.0.0', '::'].includes(config.listen.host) && !config.security.allowedHosts) {
    logger.warn(
      `listening on ${config.listen.host} without allowed_hosts: only requests addressed to localhost, ` +
        "the loopback addresses or this machine's name are served; list the names clients use in allowed_hosts",
    );
  }
  const { rules, warnings } = readRules(config);
  for (const warning of warnings) logger.warn({ rules: true }, warning);
  const webDist = findWebDist(dirname(fileURLToPath(import.meta.url)));
  const service = await createService(config, { webDist, rules, logger });
  let url: string;
  try {
    url = await service.start();
  } catch (error) {
    await service.stop();
    throw error;
  }
  // The handlers come before the line that says the service listens: a signal sent as soon as
  // that line is read (a supervisor, a test) finds them, instead of Node's default (exit).
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(
      `${signal}: no new action accepted; running jobs have ${config.shutdownGraceMs / 1000} s to finish`,
    );
    // A backstop: whatever does not close in time (a connection, a call), the process still ends.
    systemClock
      .schedule(() => {
        logger.error('stop did not end 10 s after shutdown_grace: exiting anyway');
        process.exit(1);
      }, config.shutdownGraceMs + 10_000)
      .unref();
    service.shutdown(config.shutdownGraceMs).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  // SIGHUP re-reads the rules files and the [supfleet] section; the reloader logs what it did.
  process.on('SIGHUP', () => {
    service.reload().catch(() => undefined);
  });
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  logger.info(
    {
      url,
      config: config.file,
      database: config.database ? config.database.url : config.dataDir,
      // From the start of the process; the CPU time is what a loaded machine does not inflate.
      startupMs: Math.round(process.uptime() * 1000),
      startupCpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
    },
    `supfleet listening on ${url}`,
  );
  logger.info(`instances: ${config.instances.map((i) => `${i.id}=${i.host}:${i.port}`).join(' ')}`);
  if (config.autoStart) {
    logger.info(
      'auto_start: every application with a start_sequence starts once all instances are RUNNING; ' +
        'a node that comes back has its processes started again',
    );
  }
}

/**
 * The built web app: `web/` beside the installed package's `lib/`, or apps/web/dist in a checkout
 * (from apps/server/src or apps/server/dist alike).
 */
function findWebDist(here: string): string {
  const candidates = [resolve(here, '../web'), resolve(here, '../../web/dist')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[1]!;
}

main().catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof RulesError ||
    error instanceof UnsafeListenError ||
    error instanceof StoreOpenError ||
    // The database lost between its opening and the end of the start: `database unavailable: …`.
    (error instanceof DomainError && error.code === 'UNAVAILABLE')
  ) {
    process.stderr.write(`supfleet: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(
    `supfleet: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
