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
        silentAfterMs: 1500,
        lostAfterMs: 10_000,
        jobRetention: 1000,
        shutdownGraceMs: 10_000,
        startingStrategy: 'CONFIG',
        conciliationStrategy: 'USER',
        autoStart: false,
        rulesFiles: [],
        api: null,
        localNode: 'myhost',
        dataDir: undefined,
        logLevel: 'info',
        historyRetentionMs: 14 * 86_400_000,
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
        'rpc_timeout = 4\nsilent_after = 2\nlost_after = 30\njob_retention = 50\nshutdown_grace = 5\n' +
        'starting_strategy = LESS_LOADED\nconciliation_strategy = SENICIDE\n' +
        'auto_start = yes\nusername = u\npassword = p\napi_username = ops\napi_password = secret\nlocal_node = a\n' +
        'log_level = debug\nhistory_retention = 2\n' +
        'resync_period = 30\n',
      expected: {
        listen: { host: '0.0.0.0', port: 8080 },
        pollPeriodMs: 500,
        fastPollPeriodMs: 100,
        resyncPeriodMs: 30_000,
        rpcTimeoutMs: 4000,
        silentAfterMs: 2000,
        lostAfterMs: 30_000,
        jobRetention: 50,
        shutdownGraceMs: 5000,
        startingStrategy: 'LESS_LOADED',
        conciliationStrategy: 'SENICIDE',
        autoStart: true,
        supervisor: { username: 'u', password: 'p' },
        api: { username: 'ops', password: 'secret' },
        localNode: 'a',
        logLevel: 'debug',
        historyRetentionMs: 2 * 86_400_000,
      },
    },
    {
      name: 'database_url selects PostgreSQL; the password file stays as written',
      text:
        '[supfleet]\nsupvisors_list = a:1\ndatabase_url = postgresql://supfleet@db.example:5433/fleet\n' +
        'database_password_file = secrets/db\n',
      expected: {
        database: { url: 'postgresql://supfleet@db.example:5433/fleet', passwordFile: 'secrets/db' },
      },
    },
    {
      name: 'without database_url, SQLite in data_dir',
      text: '[supfleet]\nsupvisors_list = a:1\n',
      expected: { database: null },
    },
    {
      name: 'a replica is named host:port (the listen port) with a lease of 6 s by default',
      text: '[supfleet]\nsupvisors_list = a:1\nlisten = 0.0.0.0:8080\n',
      expected: { replicaName: 'myhost:8080', leaseTtlMs: 6000 },
    },
    {
      name: 'replica_name and lease_ttl as written',
      text: '[supfleet]\nsupvisors_list = a:1\nreplica_name = rocky51-a\nlease_ttl = 2.5\n',
      expected: { replicaName: 'rocky51-a', leaseTtlMs: 2500 },
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
    {
      name: 'a job_retention of zero',
      text: '[supfleet]\nsupvisors_list = a:1\n\njob_retention = 0\n',
      message: /^etc\/supervisord.conf:4: \[supfleet\] job_retention: /,
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
    {
      name: 'a lease_ttl under 1 s',
      text: '[supfleet]\nsupvisors_list = a:1\nlease_ttl = 0.5\n',
      message: /^etc\/supervisord.conf:3: \[supfleet\] lease_ttl: /,
    },
    { name: 'a line that is not INI', text: '[supfleet]\njust words\n', message: /line 2: expected/ },
    {
      name: 'a database_url of another scheme, pointing to data_dir for SQLite',
      text: '[supfleet]\nsupvisors_list = a:1\ndatabase_url = mysql://u:hunter2@db/supfleet\n',
      message:
        /^etc\/supervisord.conf:3: \[supfleet\] database_url: the scheme must be postgresql:\/\/ \(not mysql:\/\/\).*data_dir/,
    },
    {
      name: 'a database_url that is not a URL, without repeating it',
      text: '[supfleet]\nsupvisors_list = a:1\ndatabase_url = hunter2\n',
      message:
        /^etc\/supervisord.conf:3: \[supfleet\] database_url: cannot read it: expected postgresql:\/\/user@host:port\/database$/,
    },
    {
      name: 'a database_url without a database name',
      text: '[supfleet]\nsupvisors_list = a:1\ndatabase_url = postgresql://u@db:5432\n',
      message: /database_url: no database name/,
    },
    {
      name: 'a database_url with a port out of range',
      text: '[supfleet]\nsupvisors_list = a:1\ndatabase_url = postgresql://u@db:70000/s\n',
      message: /database_url: the port must be 1 to 65535/,
    },
    {
      name: 'a database_password_file without database_url',
      text: '[supfleet]\nsupvisors_list = a:1\ndatabase_password_file = pw\n',
      message: /:3: database_password_file needs database_url/,
    },
  ])('refuses $name', ({ text, message }) => {
    expect(() => parse(text)).toThrow(ConfigError);
    expect(() => parse(text)).toThrow(message);
  });

  it('--auto-start overrides the file, and names itself when it is not a boolean', () => {
    const parseWith = (autoStart: string) =>
      parseServiceConfig('[supfleet]\nsupvisors_list = a:1\nauto_start = true\n', 'f.conf', {
        host: 'h',
        autoStart,
      });
    expect(parseWith('off').autoStart).toBe(false);
    expect(parseWith('on').autoStart).toBe(true);
    expect(() => parseWith('sometimes')).toThrow(/^--auto-start: expected true or false/);
  });

  it('names --listen when the out-of-range port comes from the command line', () => {
    const run = () =>
      parseServiceConfig('[supfleet]\nsupvisors_list = a:1\n', 'f.conf', { host: 'h', listen: 'h:65536' });
    expect(run).toThrow(/^--listen: port of "h:65536" must be 1 to 65535/);
  });
});
