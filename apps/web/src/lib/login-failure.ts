import { ApiError } from '../api/api-error';

/** What the login page says when a login fails: a wrong password, too many attempts, or why else. */
export function loginFailure(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Wrong username or password.';
    if (error.status === 429) {
      const wait = error.retryAfterSeconds;
      return wait === null
        ? 'Too many attempts: try again later.'
        : `Too many attempts: try again in ${wait} s.`;
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
