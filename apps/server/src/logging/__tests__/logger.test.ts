import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';

function capture(level: 'debug' | 'info' | 'warn') {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level,
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger, lines };
}

describe('createLogger', () => {
  it('writes JSON lines with the level, the message and the child bindings', () => {
    const { logger, lines } = capture('info');
    logger.child({ instance: 'rocky51' }).warn({ error: 'refused' }, 'supervisord lost');
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, msg: 'supervisord lost', instance: 'rocky51', error: 'refused' }),
    ]);
  });

  it('drops what is below log_level', () => {
    const { logger, lines } = capture('warn');
    logger.info('quiet');
    logger.debug('quieter');
    logger.error('loud');
    expect(lines.map((line) => line.msg)).toEqual(['loud']);
  });

  it('never writes a password, a token or an authorization header', () => {
    const { logger, lines } = capture('debug');
    logger.info(
      { password: 'p1', config: { password: 'p2', token: 't' }, headers: { authorization: 'Basic x' } },
      'with secrets',
    );
    const text = JSON.stringify(lines);
    for (const secret of ['p1', 'p2', '"t"', 'Basic x']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});
