import { describe, expect, it } from 'vitest';
import { ConfigError } from '@supfleet/core';
import { parseServiceConfig } from '../parse-service-config';

const parse = (text: string) =>
  parseServiceConfig(`[supfleet]\nsupvisors_list = a:1\n${text}`, 'etc/supfleet.conf', { host: 'myhost' });

describe('[supfleet:alert:NAME] sections', () => {
  it('reads the sections of the issue, with the defaults', () => {
    const settings = parse(
      'smtp_host = mail.example\nsmtp_from = supfleet@example.com\n' +
        '[supfleet:alert:ops]\nchannel = webhook   ; webhook, slack or email\nurl = https://hooks.example/supfleet\n' +
        'secret = k\nevents = application, instance, job, conflict\napplications = scen1\ndebounce = 10\n' +
        '[supfleet:alert:mail]\nchannel = email\nto = ops@example.com, oncall@example.com\n',
    );
    expect(settings.smtp).toEqual({
      host: 'mail.example',
      port: 587,
      secure: false,
      username: null,
      password: null,
      from: 'supfleet@example.com',
    });
    expect(settings.alerts).toEqual([
      {
        name: 'ops',
        channel: 'webhook',
        url: 'https://hooks.example/supfleet',
        to: [],
        secret: 'k',
        events: ['application', 'instance', 'job', 'conflict'],
        applications: ['scen1'],
        debounceMs: 10_000,
      },
      {
        name: 'mail',
        channel: 'email',
        url: null,
        to: ['ops@example.com', 'oncall@example.com'],
        secret: null,
        events: ['application', 'instance', 'job', 'conflict'],
        applications: null,
        debounceMs: 30_000,
      },
    ]);
  });

  it.each([
    {
      text: '[supfleet:alert:x]\nchannel = pager\n',
      message: /^etc\/supfleet.conf:4: \[supfleet:alert:x\] channel: /,
    },
    {
      text: '[supfleet:alert:x]\nchannel = slack\n',
      message: /^etc\/supfleet.conf:3: \[supfleet:alert:x\]: channel slack needs url/,
    },
    {
      text: '[supfleet:alert:x]\nchannel = webhook\nurl = ftp://x\n',
      message: /:5: .* url: expected an http/,
    },
    {
      text: '[supfleet:alert:x]\nchannel = email\nto = a@b\n',
      message: /channel email needs smtp_host and smtp_from/,
    },
    {
      text: '[supfleet:alert:x]\nchannel = slack\nurl = http://h\nevents = everything\n',
      message: /:6: .* events: expected some of/,
    },
    {
      text: '[supfleet:alert:x]\nchannel = slack\nurl = http://h\ncolour = red\n',
      message: /:6: .* colour: unknown setting/,
    },
    { text: 'smtp_host = mail\n', message: /:3: \[supfleet\] smtp_host needs smtp_from/ },
  ])('refuses $text', ({ text, message }) => {
    expect(() => parse(text)).toThrow(ConfigError);
    expect(() => parse(text)).toThrow(message);
  });
});
