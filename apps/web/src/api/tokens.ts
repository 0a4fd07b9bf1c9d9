import {
  tokenCreatedSchema,
  tokenSchema,
  type Role,
  type Token,
  type TokenCreated,
} from '@supfleet/protocol';
import { requestJson } from './request-json';

const tokensSchema = tokenSchema.array();

export function fetchTokens(signal?: AbortSignal): Promise<Token[]> {
  return requestJson('/api/v1/tokens', { schema: tokensSchema, signal });
}

/** The answer holds the secret: the only time anyone sees it. */
export function createToken(body: { name: string; role: Role; expiresDays?: number }): Promise<TokenCreated> {
  return requestJson('/api/v1/tokens', { method: 'POST', body, schema: tokenCreatedSchema });
}

export function revokeToken(name: string): Promise<void> {
  return requestJson(`/api/v1/tokens/${encodeURIComponent(name)}`, { method: 'DELETE' });
}
