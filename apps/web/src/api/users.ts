import { userSchema, type Role, type User } from '@supfleet/protocol';
import { requestJson } from './request-json';

const usersSchema = userSchema.array();
const userPath = (name: string) => `/api/v1/users/${encodeURIComponent(name)}`;

export function fetchUsers(signal?: AbortSignal): Promise<User[]> {
  return requestJson('/api/v1/users', { schema: usersSchema, signal });
}

export function createUser(body: { username: string; role: Role; password: string }): Promise<void> {
  return requestJson('/api/v1/users', { method: 'POST', body });
}

export function updateUser(name: string, body: { role?: Role; password?: string }): Promise<void> {
  return requestJson(userPath(name), { method: 'PATCH', body });
}

export function removeUser(name: string): Promise<void> {
  return requestJson(userPath(name), { method: 'DELETE' });
}
