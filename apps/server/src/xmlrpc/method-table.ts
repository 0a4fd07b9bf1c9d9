import { roleAllows } from '@supfleet/protocol';
import type { XmlRpcValue } from '@supfleet/supervisor-client';
import type { AuditTrail } from '../audit/audit-trail';
import { controlMethods } from './control-methods';
import { RpcFault, toRpcFault } from './rpc-fault';
import { statusMethods } from './status-methods';
import { systemMethods, type MethodRegistry } from './system-methods';
import type { MethodContext, XmlRpcMethod } from './xmlrpc-method';

/** Every method /RPC2 serves, by its dotted name, and the one way to call them. */
export function createMethodTable(trail?: AuditTrail): MethodRegistry {
  const methods: Record<string, XmlRpcMethod> = { ...statusMethods, ...controlMethods };
  const registry: MethodRegistry = {
    methods: () => methods,
    call: async (context, name, params) => {
      // Own keys only: a name like "toString" must not reach Object.prototype.
      const method = Object.hasOwn(methods, name) ? methods[name] : undefined;
      if (!method) throw new RpcFault('UNKNOWN_METHOD', name);
      const audited = method.role !== 'viewer';
      if (!roleAllows(context.principal.role, method.role)) {
        const fault = new RpcFault(
          'FAILED',
          `${context.principal.name} is ${context.principal.role}; ${name} needs the ${method.role} role`,
        );
        if (audited) record(trail, context, name, params, 'refused', fault.message);
        throw fault;
      }
      if (!audited) return method.invoke(context, params);
      try {
        const result = await method.invoke(context, params);
        record(trail, context, name, params, 'succeeded', null);
        return result;
      } catch (error) {
        record(trail, context, name, params, 'failed', toRpcFault(error).message);
        throw error;
      }
    },
  };
  Object.assign(methods, systemMethods(registry));
  return registry;
}

/** Every call of a method above viewer, with its result: one entry per call, inside a multicall too. */
function record(
  trail: AuditTrail | undefined,
  context: MethodContext,
  name: string,
  params: XmlRpcValue[],
  result: 'succeeded' | 'failed' | 'refused',
  reason: string | null,
): void {
  if (!trail) return;
  const first = params[0];
  trail.record({
    actor: context.principal.name,
    role: context.principal.role,
    address: context.client?.address ?? null,
    interface: context.client?.interface ?? 'xmlrpc',
    action: name,
    target: typeof first === 'string' ? first.slice(0, 200) : null,
    params: Object.fromEntries(params.slice(0, 8).map((value, index) => [`${index}`, value])),
    result,
    reason,
  });
}
