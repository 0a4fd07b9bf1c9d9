import { isXmlRpcStruct, type XmlRpcValue } from '@supfleet/supervisor-client';
import { RpcFault, toRpcFault } from './rpc-fault';
import {
  arrayParam,
  stringParam,
  xmlrpcMethod,
  type MethodContext,
  type XmlRpcMethod,
} from './xmlrpc-method';

/** More calls than this in one system.multicall are a fault: the answer would grow without bound. */
export const MULTICALL_MAX_CALLS = 200;

/** How the system methods reach every method, themselves included. */
export interface MethodRegistry {
  methods(): Record<string, XmlRpcMethod>;
  call(context: MethodContext, name: string, params: XmlRpcValue[]): Promise<XmlRpcValue>;
}

/** The `system` namespace, as supervisord serves it (supervisor/xmlrpc.py SystemNamespaceRPCInterface). */
export function systemMethods(registry: MethodRegistry): Record<string, XmlRpcMethod> {
  const find = (name: string) => {
    const methods = registry.methods();
    const method = Object.hasOwn(methods, name) ? methods[name] : undefined;
    if (!method) throw new RpcFault('SIGNATURE_UNSUPPORTED');
    return method;
  };
  return {
    'system.listMethods': xmlrpcMethod({
      role: 'viewer',
      description: 'Return an array listing the available method names.',
      returns: { type: 'array', description: 'the method names, sorted' },
      params: [],
      call: () => Object.keys(registry.methods()).sort(),
    }),

    'system.methodHelp': xmlrpcMethod({
      role: 'viewer',
      description: "Return a string showing the method's documentation.",
      returns: { type: 'string', description: 'the documentation of the method' },
      params: [stringParam('name', 'the name of the method')],
      call: (_context, name) => find(name).help,
    }),

    'system.methodSignature': xmlrpcMethod({
      role: 'viewer',
      description: 'Return an array describing the method signature: [rtype, ptype, ptype...].',
      returns: { type: 'array', description: 'the return type, then the parameter types' },
      params: [stringParam('name', 'the name of the method')],
      call: (_context, name) => find(name).signature,
    }),

    'system.multicall': xmlrpcMethod({
      role: 'viewer',
      description:
        "Process an array of calls, one after the other, and return an array of results. Calls are structs {'methodName': string, 'params': array}. " +
        "Each result is the value the call returned, or a struct {'faultCode': int, 'faultString': string}.",
      returns: { type: 'array', description: 'one result per call' },
      params: [arrayParam('calls', 'an array of call requests')],
      call: async (context, calls) => {
        if (calls.length > MULTICALL_MAX_CALLS) {
          throw new RpcFault(
            'INCORRECT_PARAMETERS',
            `system.multicall takes at most ${MULTICALL_MAX_CALLS} calls, got ${calls.length}`,
          );
        }
        const results: XmlRpcValue[] = [];
        // In order, as supervisord does: a call may depend on the effect of the previous one.
        for (const call of calls) {
          try {
            results.push(await callOne(registry, context, call));
          } catch (error) {
            const fault = toRpcFault(error);
            results.push({ faultCode: fault.code, faultString: fault.message });
          }
        }
        return results;
      },
    }),
  };
}

function callOne(registry: MethodRegistry, context: MethodContext, call: XmlRpcValue): Promise<XmlRpcValue> {
  if (!isXmlRpcStruct(call) || typeof call.methodName !== 'string') {
    throw new RpcFault('INCORRECT_PARAMETERS', 'No methodName');
  }
  if (call.methodName === 'system.multicall')
    throw new RpcFault('INCORRECT_PARAMETERS', 'Recursive system.multicall forbidden');
  const params = call.params ?? [];
  if (!Array.isArray(params)) throw new RpcFault('INCORRECT_PARAMETERS', 'params must be an array');
  return registry.call(context, call.methodName, params);
}
