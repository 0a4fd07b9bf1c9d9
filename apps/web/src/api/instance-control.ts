import {
  apiPath,
  API_PREFIX,
  supervisordControlAnswerSchema,
  type SupervisordControlAnswer,
} from '@supfleet/protocol';
import { requestJson } from './request-json';

/** Restarts or shuts down one supervisord (admin); the confirmation was the user's. */
export function postSupervisordControl(
  instance: string,
  action: SupervisordControlAnswer['action'],
): Promise<SupervisordControlAnswer> {
  return requestJson(API_PREFIX + apiPath(`post /instances/:id/${action}`, { id: instance }), {
    method: 'POST',
    body: { confirm: true },
    schema: supervisordControlAnswerSchema,
  });
}

/** Clears a process's stdout and stderr logs, on `instance` (else where it runs). */
export function deleteProcessLogs(namespec: string, instance?: string): Promise<void> {
  const query = instance === undefined ? '' : `?${new URLSearchParams({ instance })}`;
  return requestJson(API_PREFIX + apiPath('delete /processes/:namespec/logs', { namespec }) + query, {
    method: 'DELETE',
  });
}
