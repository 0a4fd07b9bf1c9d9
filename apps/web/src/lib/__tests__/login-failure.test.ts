import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error';
import { loginFailure } from '../login-failure';

describe('loginFailure', () => {
  it.each([
    {
      name: 'wrong credentials',
      error: new ApiError('invalid credentials', 401, 'UNAUTHENTICATED'),
      expected: 'Wrong username or password.',
    },
    {
      name: 'too many attempts, with Retry-After',
      error: new ApiError('too many login attempts', 429, 'RATE_LIMITED', 37),
      expected: 'Too many attempts: try again in 37 s.',
    },
    {
      name: 'too many attempts, without Retry-After',
      error: new ApiError('too many login attempts', 429, null),
      expected: 'Too many attempts: try again later.',
    },
    {
      name: 'another refusal says what the server said',
      error: new ApiError('Cross-site request refused', 403, 'FORBIDDEN'),
      expected: 'Cross-site request refused',
    },
    {
      name: 'the server out of reach',
      error: new ApiError('Cannot reach the server (Failed to fetch)', null, null),
      expected: 'Cannot reach the server (Failed to fetch)',
    },
    { name: 'anything else', error: new Error('boom'), expected: 'boom' },
  ])('$name', ({ error, expected }) => {
    expect(loginFailure(error)).toBe(expected);
  });
});
