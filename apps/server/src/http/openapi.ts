import { z } from 'zod';
import { API_ROUTES, errorBodySchema, type ApiRoute } from '@supfleet/protocol';

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad input: the message says what is wrong',
  404: 'Unknown name',
  409: 'Conflicting state: another job runs on this application, the job has ended, or the process is not in conflict',
  401: 'Not authenticated',
  403: 'Authenticated, but the role is too small',
  422: 'Refused: by the rules (not defined there, not allowed, over capacity, instance not RUNNING), or for a reload, invalid files (details.errors, file:line:column)',
  503: 'The instance to ask is not reachable, or the service is shutting down',
};

/** OpenAPI 3.1 document of the REST API, generated from the protocol's route table and zod schemas. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    const path = `/api/v1${route.path.replace(/:(\w+)/g, '{$1}')}`;
    (paths[path] ??= {})[route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'supfleet REST API',
      version,
      description:
        'Control and status of applications distributed over several supervisord instances. ' +
        'Every error answers {"error": {"code", "message", "details"?}}.',
    },
    paths,
    components: { schemas: { Error: schema(errorBodySchema) } },
  };
}

function operation(route: ApiRoute): Record<string, unknown> {
  const pathParams = [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const queryParams = route.query ? objectParams(route.query, 'query') : [];
  const responses: Record<string, unknown> = {
    [route.status]: {
      description: 'Success',
      content: { 'application/json': { schema: schema(route.response) } },
    },
  };
  if (route.body && route.status === 202) {
    responses['200'] = {
      description: 'Success, the job has ended (wait: true)',
      content: { 'application/json': { schema: schema(route.response) } },
    };
  }
  for (const status of route.errors) {
    responses[status] = {
      description: ERROR_TEXT[status] ?? 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return {
    summary: route.summary,
    description: `Needs the ${route.role} role.`,
    'x-supfleet-role': route.role,
    operationId: `${route.method}${route.path.replace(/[/:](\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, '')}`,
    parameters: [...pathParams, ...queryParams],
    ...(route.body
      ? {
          requestBody: {
            required: false,
            content: { 'application/json': { schema: schema(route.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

function objectParams(query: z.ZodType, location: 'query') {
  const json = schema(query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, value]) => ({
    name,
    in: location,
    required: json.required?.includes(name) ?? false,
    schema: value,
  }));
}

function schema(type: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(type, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}
