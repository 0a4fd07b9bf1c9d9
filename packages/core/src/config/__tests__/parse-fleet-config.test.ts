import { describe, expect, it } from 'vitest';
import { ConfigError, parseFleetConfig } from '../parse-fleet-config';

const parse = (text: string) => parseFleetConfig(text, 'etc/supervisord.conf', { host: 'myhost' });

describe('parseFleetConfig', () => {
  it.each([
    {
      name: 'defaults: the local host as the one instance, listen on loopback, 1 s polls',
      text: '[supfleet]\n',
      expected: {
        instances: [{ id: 'myhost', host: 'myhost', port: 9001, node: 'myhost' }],
        listen: { host: '127.0.0.1', port: 61100 },
        pollPeriodMs: 1000,
        fastPollPeriodMs: 200,
        resyncPeriodMs: 10_000,
        rpcTimeoutMs: 2500,
        silentAfterMs: 1500,
        lostAfterMs: 10_000,
        startingStrategy: 'CONFIG',
        conciliationStrategy: 'USER',
        autoStart: false,
        rulesFiles: [],
        api: null,
        localNode: 'myhost',
      },
      extra: '[inet_http_server]\nport = :9001\n',
    },
    {
      name: 'nicks, explicit ports, and the inet_http_server port for an item without one',
      text: '[supfleet]\nsupvisors_list = <rocky51>10.0.0.1:61000, <rocky52>rocky52\n  rocky53:7000\n',
      extra: '[inet_http_server]\nport = 127.0.0.1:61000\n',
      expected: {
        instances: [
          { id: 'rocky51', host: '10.0.0.1', port: 61000, node: '10.0.0.1' },
          { id: 'rocky52', host: 'rocky52', port: 61000, node: 'rocky52' },
          { id: 'rocky53', host: 'rocky53', port: 7000, node: 'rocky53' },
        ],
      },
    },
    {
      name: "Supvisors' own section is read too, rules files in order",
      text: '[rpcinterface:supvisors]\nsupvisors_list = a:1\nrules_files = one.xml two.xml\n',
      expected: {
        instances: [{ id: 'a', host: 'a', port: 1, node: 'a' }],
        rulesFiles: ['one.xml', 'two.xml'],
      },
    },
    {
      name: 'every setting given',
      text:
        '[supfleet]\nsupvisors_list = a:1\nlisten = 0.0.0.0:8080\npoll_period = 0.5\nfast_poll_period = 0.1\n' +
        'rpc_timeout = 4\nsilent_after = 2\nlost_after = 30\n' +
        'starting_strategy = LESS_LOADED\nconciliation_strategy = SENICIDE\n' +
        'auto_start = yes\nusername = u\npassword = p\napi_username = ops\napi_password = secret\nlocal_node = a\n' +
        'resync_period = 30\n',
      expected: {
        listen: { host: '0.0.0.0', port: 8080 },
        pollPeriodMs: 500,
        fastPollPeriodMs: 100,
        resyncPeriodMs: 30_000,
        rpcTimeoutMs: 4000,
        silentAfterMs: 2000,
        lostAfterMs: 30_000,
        startingStrategy: 'LESS_LOADED',
        conciliationStrategy: 'SENICIDE',
        autoStart: true,
        supervisor: { username: 'u', password: 'p' },
        api: { username: 'ops', password: 'secret' },
        localNode: 'a',
      },
    },
    {
      name: "the service's own settings are not the fleet's: a half TLS setting is the server's to refuse",
      text: '[supfleet]\nsupvisors_list = a:1\ntls_cert = c.pem\nlog_level = loud\n',
      expected: { instances: [{ id: 'a', host: 'a', port: 1, node: 'a' }] },
    },
  ])('$name', ({ text, extra, expected }) => {
    expect(parse(`${extra ?? ''}${text}`)).toMatchObject(expected);
  });

  it.each([
    { name: 'no section', text: '[supervisord]\n', message: 'etc/supervisord.conf: no [supfleet] section' },
    {
      name: 'a bad strategy names the file, line and key',
      text: '[supfleet]\nsupvisors_list = a:1\nstarting_strategy = FASTEST\n',
      message: /^etc\/supervisord.conf:3: \[supfleet\] starting_strategy: /,
    },
    {
      name: 'a bad listen address',
      text: '[supfleet]\nsupvisors_list = a:1\nlisten = everywhere\n',
      message: /^etc\/supervisord.conf:3: .*listen: expected host:port/,
    },
    {
      name: 'an item without a port and no inet_http_server',
      text: '[supfleet]\nsupvisors_list = <a>hosta\n',
      message: /supvisors_list: "<a>hosta" has no port/,
    },
    {
      name: 'the same nick twice',
      text: '[supfleet]\nsupvisors_list = <a>h:1,<a>h:2\n',
      message: /"a" is listed twice/,
    },
    {
      name: 'an api user without a password',
      text: '[supfleet]\nsupvisors_list = a:1\napi_username = ops\n',
      message: /api_username and api_password go together/,
    },
    {
      name: 'a listen port above 65535',
      text: '[supfleet]\nsupvisors_list = a:1\nlisten = 127.0.0.1:66100\n',
      message: /^etc\/supervisord.conf:3: \[supfleet\] listen: port of "127.0.0.1:66100" must be 1 to 65535/,
    },
    {
      name: 'a negative listen port',
      text: '[supfleet]\nsupvisors_list = a:1\nlisten = 127.0.0.1:-1\n',
      message: /^etc\/supervisord.conf:3: .*listen: /,
    },
    {
      name: 'an instance port above 65535',
      text: '[supfleet]\nsupvisors_list = <a>h:61000,<b>h:66000\n',
      message: /^etc\/supervisord.conf:2: supvisors_list: port of "<b>h:66000" must be 1 to 65535/,
    },
    {
      name: 'an instance port of 0',
      text: '[supfleet]\n\nsupvisors_list = h:0\n',
      message: /^etc\/supervisord.conf:3: supvisors_list: port of "h:0" must be 1 to 65535/,
    },
    {
      name: 'an inet_http_server port out of range for an item without one',
      text: '[inet_http_server]\nport = :70000\n[supfleet]\nsupvisors_list = h\n',
      message: /^etc\/supervisord.conf:2: \[inet_http_server\] port: ":70000" must be 1 to 65535/,
    },
    ...(['poll_period', 'fast_poll_period', 'rpc_timeout'] as const).flatMap((key) => [
      {
        name: `a ${key} of 0`,
        text: `[supfleet]\nsupvisors_list = a:1\n${key} = 0\n`,
        message: new RegExp(`^etc/supervisord.conf:3: \\[supfleet\\] ${key}: .*>0`),
      },
      {
        name: `a negative ${key}`,
        text: `[supfleet]\nsupvisors_list = a:1\n${key} = -1\n`,
        message: new RegExp(`^etc/supervisord.conf:3: \\[supfleet\\] ${key}: `),
      },
      {
        name: `a ${key} that is not a number`,
        text: `[supfleet]\nsupvisors_list = a:1\n\n${key} = soon\n`,
        message: new RegExp(`^etc/supervisord.conf:4: \\[supfleet\\] ${key}: `),
      },
    ]),
    {
      name: 'a negative silent_after',
      text: '[supfleet]\nsupvisors_list = a:1\nsilent_after = -2\n',
      message: /^etc\/supervisord.conf:3: \[supfleet\] silent_after: /,
    },
    {
      name: 'an unknown conciliation strategy',
      text: '[supfleet]\nsupvisors_list = a:1\nconciliation_strategy = KILL_ALL\n',
      message: /^etc\/supervisord.conf:3: \[supfleet\] conciliation_strategy: /,
    },
    {
      name: 'an auto_start that is not a boolean',
      text: '[supfleet]\nsupvisors_list = a:1\nauto_start = maybe\n',
      message: /^etc\/supervisord.conf:3: \[supfleet\] auto_start: expected true or false/,
    },
    {
      name: 'a lost_after that is not a number names its line',
      text: '[supfleet]\nsupvisors_list = a:1\nlost_after = soon\n',
      message: /^etc\/supervisord.conf:3: \[supfleet\] lost_after: /,
    },
    { name: 'a line that is not INI', text: '[supfleet]\njust words\n', message: /line 2: expected/ },
  ])('refuses $name', ({ text, message }) => {
    expect(() => parse(text)).toThrow(ConfigError);
    expect(() => parse(text)).toThrow(message);
  });

  it('--auto-start overrides the file, and names itself when it is not a boolean', () => {
    const parseWith = (autoStart: string) =>
      parseFleetConfig('[supfleet]\nsupvisors_list = a:1\nauto_start = true\n', 'f.conf', {
        host: 'h',
        autoStart,
      });
    expect(parseWith('off').autoStart).toBe(false);
    expect(parseWith('on').autoStart).toBe(true);
    expect(() => parseWith('sometimes')).toThrow(/^--auto-start: expected true or false/);
  });

  it('names --listen when the out-of-range port comes from the command line', () => {
    const run = () =>
      parseFleetConfig('[supfleet]\nsupvisors_list = a:1\n', 'f.conf', { host: 'h', listen: 'h:65536' });
    expect(run).toThrow(/^--listen: port of "h:65536" must be 1 to 65535/);
  });
});
