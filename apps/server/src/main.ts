import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/load-config';
import { createService, readRules, RulesError, UnsafeListenError } from './service';
import { createLogger } from './logging/logger';

const USAGE = `usage: supfleet-server --config FILE [--listen HOST:PORT]

  -c, --config FILE       supervisord-style file with a [supfleet] section
  -l, --listen HOST:PORT  overrides the section's listen (default 127.0.0.1:61100)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string', short: 'c' },
      listen: { type: 'string', short: 'l' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.config) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(values.help ? 0 : 2);
  }
  const config = loadConfig(values.config, { listen: values.listen });
  const logger = createLogger({ level: config.logLevel });
  if (['0.0.0.0', '::'].includes(config.listen.host) && !config.security.allowedHosts) {
    logger.warn(
      `listening on ${config.listen.host} without allowed_hosts: only requests addressed to localhost, ` +
        'the loopback addresses or this machine\'s name are served; list the names clients use in allowed_hosts',
    );
  }
  const { rules, warnings } = readRules(config);
  for (const warning of warnings) logger.warn({ rules: true }, warning);
  const webDist = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');
  const service = createService(config, { webDist, rules, logger });
  let url: string;
  try {
    url = await service.start();
  } catch (error) {
    await service.stop();
    throw error;
  }
  logger.info({ url, config: config.file, dataDir: config.dataDir }, `supfleet listening on ${url}`);
  logger.info(`instances: ${config.instances.map((i) => `${i.id}=${i.host}:${i.port}`).join(' ')}`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof RulesError || error instanceof UnsafeListenError) {
    process.stderr.write(`supfleet: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(
    `supfleet: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
