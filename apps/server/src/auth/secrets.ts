import { createHash, randomBytes } from 'node:crypto';

/** Tokens start with this, so that secret scanners and people recognise them. */
export const TOKEN_PREFIX = 'sft_';

/** 256 random bits, URL-safe. */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** What the store keeps of a token or a session id: enough to recognise it, useless to replay. */
export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
