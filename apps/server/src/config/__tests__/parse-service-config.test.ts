import { describe, expect, it } from 'vitest';
import { ConfigError } from '@supfleet/core';
import { parseServiceConfig } from '../parse-service-config';

const parse = (text: string) => parseServiceConfig(text, 'etc/supervisord.conf', { host: 'myhost' });

describe('parseServiceConfig', () => {
  it.each([
    {
      name: "defaults: the fleet's (core's), and SQLite beside the file, info logs, 14 days of history, 12 h sessions",
      text: '[supfleet]\n',
      expected: {
        instances: [{ id: 'myhost', host: 'myhost', port: 9001, node: 'myhost' }],
        listen: { host: '127.0.0.1', port: 61100 },
        jobRetention: 1000,
        shutdownGraceMs: 10_000,
        dataDir: undefined,
        database: null,
        logLevel: 'info',
        historyRetentionMs: 14 * 86_400_000,
        alerts: [],
        smtp: null,
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
      name: 'every setting of the service given',
      text:
        '[supfleet]\nsupvisors_list = a:1\njob_retention = 50\nshutdown_grace = 5\ndata_dir = /var/lib/supfleet\n' +
        'log_level = debug\nhistory_retention = 2\n',
      expected: {
        jobRetention: 50,
        shutdownGraceMs: 5000,
        dataDir: '/var/lib/supfleet',
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
    {
      name: "a fleet setting (core's) as before: file, line and key",
      text: '[supfleet]\nsupvisors_list = a:1\nstarting_strategy = FASTEST\n',
      message: /^etc\/supervisord.conf:3: \[supfleet\] starting_strategy: /,
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
    {
      name: 'smtp_host without smtp_from',
      text: '[supfleet]\nsupvisors_list = a:1\n\nsmtp_host = mail.example\n',
      message: /^etc\/supervisord.conf:4: \[supfleet\] smtp_host needs smtp_from$/,
    },
  ])('refuses $name', ({ text, message }) => {
    expect(() => parse(text)).toThrow(ConfigError);
    expect(() => parse(text)).toThrow(message);
  });
});
