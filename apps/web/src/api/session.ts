import { sessionInfoSchema, type LoginBody, type SessionInfo } from '@supfleet/protocol';
import { ApiError } from './api-error';
import { pageHeaders } from './page-headers';
import { readJson } from './read-json';
import { refusal, requestJson } from './request-json';

const SESSION = '/api/v1/session';

/** Who is logged in; null when nobody is (401): the page then asks for a login. */
export async function fetchSession(signal?: AbortSignal): Promise<SessionInfo | null> {
  let response: Response;
  try {
    response = await fetch(SESSION, { headers: pageHeaders(), signal, credentials: 'same-origin' });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(`Cannot reach the server (${String(error)})`, null, null);
  }
  if (response.status === 401) return null;
  // A server from before sessions: open to whoever reaches it, as the loopback demo is.
  if (response.status === 404) return { username: 'local', role: 'admin', via: 'local', expiresAt: null };
  if (!response.ok) throw await refusal(response);
  const parsed = sessionInfoSchema.safeParse(await readJson(response));
  if (!parsed.success) throw new ApiError('The server’s answer is unreadable', response.status, null);
  return parsed.data;
}

/** Logs in: the server sets the session cookie and says who we now are. */
export function postSession(body: LoginBody): Promise<SessionInfo> {
  return requestJson(SESSION, { method: 'POST', body, schema: sessionInfoSchema });
}

export function deleteSession(): Promise<void> {
  return requestJson(SESSION, { method: 'DELETE' });
}
