import { describe, expect, it } from 'vitest';
import { ConfigError, parseServiceConfig } from '../parse-service-config';

const parse = (text: string) => parseServiceConfig(text, 'etc/supervisord.conf', { host: 'myhost' });

describe('parseServiceConfig', () => {
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
        silentAfterMs: 5000,
        startingStrategy: 'CONFIG',
        conciliationStrategy: 'USER',
        autoStart: false,
        rulesFiles: [],
        api: null,
        localNode: 'myhost',
        dataDir: undefined,
        logLevel: 'info',
        security: {
          sessionTtlMs: 12 * 3600_000,
          allowedHosts: null,
          tlsCert: undefined,
          tlsKey: undefined,
          trustProxy: false,
          auditRetentionDays: 90,
        },
      },
      extra: '[inet_http_server]\nport = :9001\n',
    },
    {
      name: 'security settings: a session duration, Host names, TLS, a proxy list, retention',
      text:
        '[supfleet]\nsupvisors_list = a:1\nsession_ttl = 30m\nallowed_hosts = Fleet.example.com, 10.0.0.5\n' +
        'tls_cert = cert.pem\ntls_key = key.pem\ntrust_proxy = loopback, 10.0.0.0/8\naudit_retention_days = 7\n',
      expected: {
        security: {
          sessionTtlMs: 30 * 60_000,
          allowedHosts: ['fleet.example.com', '10.0.0.5'],
          tlsCert: 'cert.pem',
          tlsKey: 'key.pem',
          trustProxy: ['loopback', '10.0.0.0/8'],
          auditRetentionDays: 7,
        },
      },
    },
    {
      name: 'a session_ttl in plain seconds, trust_proxy as a hop count',
      text: '[supfleet]\nsupvisors_list = a:1\nsession_ttl = 90\ntrust_proxy = 1\n',
      expected: { security: { sessionTtlMs: 90_000, trustProxy: 1 } },
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
        'rpc_timeout = 4\nsilent_after = 10\nstarting_strategy = LESS_LOADED\nconciliation_strategy = SENICIDE\n' +
        'auto_start = yes\nusername = u\npassword = p\napi_username = ops\napi_password = secret\nlocal_node = a\n' +
        'log_level = debug\n' +
        'resync_period = 30\n',
      expected: {
        listen: { host: '0.0.0.0', port: 8080 },
        pollPeriodMs: 500,
        fastPollPeriodMs: 100,
        resyncPeriodMs: 30_000,
        rpcTimeoutMs: 4000,
        silentAfterMs: 10_000,
        startingStrategy: 'LESS_LOADED',
        conciliationStrategy: 'SENICIDE',
        autoStart: true,
        supervisor: { username: 'u', password: 'p' },
        api: { username: 'ops', password: 'secret' },
        localNode: 'a',
        logLevel: 'debug',
      },
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
      name: 'a tls_cert without its key',
      text: '[supfleet]\nsupvisors_list = a:1\ntls_cert = c.pem\n',
      message: /^etc\/supervisord.conf:3: tls_cert and tls_key go together/,
    },
    {
      name: 'a session_ttl that is not a duration',
      text: '[supfleet]\nsupvisors_list = a:1\nsession_ttl = forever\n',
      message: /:3: \[supfleet\] session_ttl: expected a duration/,
    },
    {
      name: 'an unknown log level',
      text: '[supfleet]\nsupvisors_list = a:1\nlog_level = loud\n',
      message: /^etc\/supervisord.conf:3: \[supfleet\] log_level: /,
    },
    { name: 'a line that is not INI', text: '[supfleet]\njust words\n', message: /line 2: expected/ },
  ])('refuses $name', ({ text, message }) => {
    expect(() => parse(text)).toThrow(ConfigError);
    expect(() => parse(text)).toThrow(message);
  });
});
