import {
  conciliationStrategySchema,
  startingStrategySchema,
  type AuditEntry,
  type ConciliationStrategy,
  type Role,
  type StartingStrategy,
} from '@supfleet/protocol';
import type { XmlRpcValue } from '@supfleet/supervisor-client';
import type { FleetModel } from '../fleet-model';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { Principal } from '../auth/principal';
import type { InstanceMonitor } from '../monitors/instance-monitor';
import type { ProgramSwitch } from '../supervision/program-switch';
import { RpcFault } from './rpc-fault';
import type { Logger } from '../logging/logger';

/** The service's settings a method reports or follows. */
export interface RpcSettings {
  startingStrategy: StartingStrategy;
  conciliationStrategy: ConciliationStrategy;
  autoStart: boolean;
}

/** What a method sees of the service and of the request that called it. */
export interface MethodContext {
  store: FleetModel;
  orchestrator: Orchestrator;
  /** `host:port` this endpoint was reached on: supfleet's own Supvisors identifier. */
  identifier: string;
  /** Who calls: the method table refuses a method whose role they lack. */
  principal: Principal;
  programs: ProgramSwitch;
  monitors: ReadonlyMap<string, InstanceMonitor>;
  settings: RpcSettings;
  /** Where the call comes from, for the audit log. */
  client?: { address: string | null; interface: AuditEntry['interface'] };
  /** The request's logger (with its request id). */
  log: Logger;
}

export interface XmlRpcMethod {
  /** The least role that may call it (SPEC section 9). */
  role: Role;
  /** Supervisor-style docstring: `system.methodSignature` reads its @param / @return tags. */
  help: string;
  /** [return type, parameter types...], as `system.methodSignature` answers it. */
  signature: string[];
  invoke(context: MethodContext, params: XmlRpcValue[]): Promise<XmlRpcValue>;
}

/** One positional parameter: how it reads from XML-RPC, and its default when left out. */
export interface Param<T> {
  name: string;
  type: string;
  description: string;
  read(value: XmlRpcValue, name: string): T;
  fallback?: () => T;
}

type Values<P extends readonly Param<unknown>[]> = {
  -readonly [K in keyof P]: P[K] extends Param<infer T> ? T : never;
};

export interface MethodSpec<P extends readonly Param<unknown>[]> {
  role: Role;
  description: string;
  returns: { type: string; description: string };
  params: P;
  call(context: MethodContext, ...args: Values<P>): XmlRpcValue | Promise<XmlRpcValue>;
}

export function xmlrpcMethod<const P extends readonly Param<unknown>[]>(spec: MethodSpec<P>): XmlRpcMethod {
  const help = [
    spec.description,
    '',
    ...spec.params.map(
      (p) => `@param ${p.type} ${p.name}\t${p.description}${p.fallback ? ' (optional)' : ''}`,
    ),
    `@return ${spec.returns.type} result\t${spec.returns.description}`,
  ].join('\n');
  return {
    role: spec.role,
    help,
    signature: [spec.returns.type, ...spec.params.map((p) => p.type)],
    async invoke(context, params) {
      return spec.call(context, ...readParams(spec.params, params));
    },
  };
}

function readParams<P extends readonly Param<unknown>[]>(specs: P, params: XmlRpcValue[]): Values<P> {
  const required = specs.filter((p) => !p.fallback).length;
  if (params.length < required || params.length > specs.length) {
    const expected = required === specs.length ? `${required}` : `${required} to ${specs.length}`;
    throw new RpcFault('INCORRECT_PARAMETERS', `expected ${expected} parameters, got ${params.length}`);
  }
  return specs.map((spec, index) => {
    const value = params[index];
    return value === undefined ? spec.fallback!() : spec.read(value, spec.name);
  }) as Values<P>;
}

function wrongType(name: string, expected: string, value: XmlRpcValue): RpcFault {
  const got = value === null ? 'nil' : Array.isArray(value) ? 'array' : typeof value;
  return new RpcFault('INCORRECT_PARAMETERS', `${name} must be ${expected}, got ${got}`);
}

export function stringParam(name: string, description: string, fallback?: string): Param<string> {
  return {
    name,
    type: 'string',
    description,
    read: (value, n) => {
      if (typeof value !== 'string') throw wrongType(n, 'a string', value);
      return value;
    },
    fallback: fallback === undefined ? undefined : () => fallback,
  };
}

/** Python clients may send an int for a flag; Python's truthiness is what Supvisors applies. */
export function booleanParam(name: string, description: string, fallback: boolean): Param<boolean> {
  return {
    name,
    type: 'boolean',
    description,
    read: (value, n) => {
      if (typeof value === 'boolean') return value;
      if (typeof value === 'number' && Number.isInteger(value)) return value !== 0;
      throw wrongType(n, 'a boolean', value);
    },
    fallback: () => fallback,
  };
}

export function arrayParam(name: string, description: string): Param<XmlRpcValue[]> {
  return {
    name,
    type: 'array',
    description,
    read: (value, n) => {
      if (!Array.isArray(value)) throw wrongType(n, 'an array', value);
      return value;
    },
  };
}

const STRATEGIES = startingStrategySchema.options;

/** A ConciliationStrategies name or value (SENICIDE 0 ... RUNNING_FAILURE 5), as Supvisors accepts both. */
export function conciliationParam(): Param<ConciliationStrategy> {
  const names = conciliationStrategySchema.options;
  return {
    name: 'strategy',
    type: 'string',
    description: `the conciliation strategy, by name or value: ${names.join(', ')}`,
    read: (value) => {
      const found =
        typeof value === 'string'
          ? names.find((s) => s === value)
          : typeof value === 'number' && Number.isInteger(value)
            ? names[value]
            : undefined;
      if (found) return found;
      if (typeof value !== 'string' && typeof value !== 'number')
        throw wrongType('strategy', 'a string or an integer', value);
      throw new RpcFault(
        'INCORRECT_PARAMETERS',
        `invalid ConciliationStrategies value=${value} - expected in ${names.join(', ')} or 0..${names.length - 1}`,
      );
    },
  };
}

/** A StartingStrategies name, or its value (its index: CONFIG 0 ... MOST_LOADED_NODE 5), as Supvisors accepts both. */
export function strategyParam(): Param<StartingStrategy> {
  return {
    name: 'strategy',
    type: 'string',
    description: `the starting strategy, by name or value: ${STRATEGIES.join(', ')}`,
    read: (value) => {
      if (typeof value === 'string') {
        const found = STRATEGIES.find((s) => s === value);
        if (found) return found;
        throw new RpcFault(
          'INCORRECT_PARAMETERS',
          `invalid StartingStrategies value=${value} - string expected in ${STRATEGIES.join(', ')}`,
        );
      }
      if (typeof value === 'number') {
        const found = Number.isInteger(value) ? STRATEGIES[value] : undefined;
        if (found) return found;
        throw new RpcFault(
          'INCORRECT_PARAMETERS',
          `invalid StartingStrategies value=${value} - integer expected in 0..${STRATEGIES.length - 1}`,
        );
      }
      throw wrongType('strategy', 'a string or an integer', value);
    },
  };
}
