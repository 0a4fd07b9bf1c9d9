import { roleAllows } from '@supfleet/protocol';
import { controlMethods } from './control-methods';
import { fleetMethods } from './fleet-methods';
import { planMethods } from './plan-methods';
import { RpcFault } from './rpc-fault';
import { statusMethods } from './status-methods';
import { systemMethods, type MethodRegistry } from './system-methods';
import type { XmlRpcMethod } from './xmlrpc-method';

/** Every method /RPC2 serves, by its dotted name, and the one way to call them. */
export function createMethodTable(): MethodRegistry {
  const methods: Record<string, XmlRpcMethod> = {
    ...statusMethods,
    ...controlMethods,
    ...fleetMethods,
    ...planMethods,
  };
  const registry: MethodRegistry = {
    methods: () => methods,
    call: async (context, name, params) => {
      // Own keys only: a name like "toString" must not reach Object.prototype.
      const method = Object.hasOwn(methods, name) ? methods[name] : undefined;
      if (!method) throw new RpcFault('UNKNOWN_METHOD', name);
      if (!roleAllows(context.principal.role, method.role)) {
        throw new RpcFault(
          'FAILED',
          `${context.principal.name} is ${context.principal.role}; ${name} needs the ${method.role} role`,
        );
      }
      return method.invoke(context, params);
    },
  };
  Object.assign(methods, systemMethods(registry));
  return registry;
}
