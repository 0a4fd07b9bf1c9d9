import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Nodemailer from 'nodemailer';
import type { AlertConfig, SmtpConfig } from '../config/parse-alerts';
import { headline, type AlertMessage } from './alert-message';

/** Sends one message; rejects when the receiver did not take it (to be retried). */
export type Channel = (message: AlertMessage) => Promise<void>;

/** The signature header of the webhook channel: `sha256=<hex HMAC-SHA256 of the body with secret>`. */
export const SIGNATURE_HEADER = 'X-Supfleet-Signature';

const ATTEMPT_TIMEOUT_MS = 10_000;

export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'supfleet', ...headers },
    body,
    signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
  });
  // The body is not read: a receiver's page says nothing we would act on.
  await response.body?.cancel();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}

function text(message: AlertMessage): string {
  return message.detail ? `${headline(message)}\n${message.detail}` : headline(message);
}

export function createChannel(config: AlertConfig, smtp: SmtpConfig | null): Channel {
  switch (config.channel) {
    case 'webhook': {
      const url = config.url!;
      return (message) => {
        const body = JSON.stringify({ ...message, text: text(message) });
        return post(url, body, config.secret ? { [SIGNATURE_HEADER]: signature(body, config.secret) } : {});
      };
    }
    case 'slack': {
      // Slack's and Mattermost's incoming webhooks both take {"text": …}.
      const url = config.url!;
      return (message) => post(url, JSON.stringify({ text: text(message), username: 'supfleet' }), {});
    }
    case 'email': {
      // Loaded only for an email alert: it costs start-up time (~0.1 s) the others need not pay.
      const nodemailer = createRequire(import.meta.url)('nodemailer') as typeof Nodemailer;
      const transport: Nodemailer.Transporter = nodemailer.createTransport({
        host: smtp!.host,
        port: smtp!.port,
        secure: smtp!.secure,
        auth: smtp!.username ? { user: smtp!.username, pass: smtp!.password ?? '' } : undefined,
        connectionTimeout: ATTEMPT_TIMEOUT_MS,
        greetingTimeout: ATTEMPT_TIMEOUT_MS,
        socketTimeout: ATTEMPT_TIMEOUT_MS,
      });
      return async (message) => {
        await transport.sendMail({
          from: smtp!.from,
          to: config.to,
          subject: `[supfleet] ${headline(message)}`,
          text: `${text(message)}\n\nat ${new Date(message.at).toISOString()}\n`,
        });
      };
    }
  }
}
