import { z } from 'zod';
import { API_ROUTES, AUTH_ROUTES, errorBodySchema, type ApiRoute } from '@supfleet/protocol';

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad input (a body, a query, a URL that cannot be decoded): the message says what is wrong',
  401: 'No credentials, or wrong ones: log in (POST /api/v1/session), or give a token (Bearer) or HTTP basic',
  403: 'Too small a role for this (viewer < operator < admin), or a state change from another site (Origin, Sec-Fetch-Site)',
  413: 'The body is too large (REST: 64 KB)',
  415: 'A state change without Content-Type: application/json',
  421: 'The Host is not one of the names of this server (allowed_hosts)',
  429: 'Too many failed logins from this address or for this user: wait Retry-After seconds',
  404: 'Unknown name',
  409: 'Conflicting state: another job runs on this application, the job has ended, or the process is not in conflict',
  422: 'Refused by the rules (not defined there, not allowed, over capacity, instance not RUNNING)',
  503: 'The instance to ask is not reachable',
};

/** OpenAPI 3.1 document of the REST API, generated from the protocol's route table and zod schemas. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of [...API_ROUTES, ...AUTH_ROUTES]) {
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
    components: {
      schemas: { Error: schema(errorBodySchema) },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'supfleet_session' },
        token: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token (supfleet token create, POST /api/v1/tokens)',
        },
        basic: {
          type: 'http',
          scheme: 'basic',
          description: "A user's password, a token as the password, or api_username / api_password",
        },
      },
    },
    security: [{ session: [] }, { token: [] }, { basic: [] }],
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
    [route.status]:
      route.status === 204
        ? { description: 'Success, no content' }
        : { description: 'Success', content: { 'application/json': { schema: schema(route.response) } } },
  };
  if (route.body && route.status === 202) {
    responses['200'] = {
      description: 'Success, the job has ended (wait: true)',
      content: { 'application/json': { schema: schema(route.response) } },
    };
  }
  // Every route may answer these (docs/security.md): no or wrong credentials, a foreign Host;
  // a state change also its cross-site, role and media type refusals.
  const common =
    route.path === '/session' ? [421] : [401, 421, 429, ...(route.method === 'get' ? [] : [403, 415])];
  for (const status of [...new Set([...route.errors, ...common])].sort((a, b) => a - b)) {
    responses[status] = {
      description: ERROR_TEXT[status] ?? 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return {
    summary: route.summary,
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
