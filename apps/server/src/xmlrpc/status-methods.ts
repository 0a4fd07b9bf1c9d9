import type { Instance } from '@supfleet/protocol';
import { READABLE_STATES, findApplication, findInstance, findNamespec, requireState } from './fleet-lookups';
import { SUPVISORS_API_VERSION } from './supvisors-codes';
import {
  applicationInfo,
  applicationRules,
  conflictingProcesses,
  instanceInfo,
  processInfo,
  processRules,
  sortedProcesses,
  supvisorsIdentifier,
  supvisorsStatePayload,
} from './supvisors-payloads';
import { stringParam, xmlrpcMethod, type XmlRpcMethod } from './xmlrpc-method';

const namespecParam = stringParam(
  'namespec',
  'the process namespec (name, group:name, or group:* for the whole group)',
);
const applicationParam = stringParam('application_name', 'the name of the application');

/** The status half of Supvisors 0.19's `supvisors` namespace. */
export const statusMethods: Record<string, XmlRpcMethod> = {
  'supvisors.get_api_version': xmlrpcMethod({
    role: 'viewer',
    description: 'Return the version of the Supvisors API this service follows.',
    returns: { type: 'string', description: 'the version' },
    params: [],
    call: () => SUPVISORS_API_VERSION,
  }),

  'supvisors.get_supvisors_state': xmlrpcMethod({
    role: 'viewer',
    description: 'Return the state and modes of the service, in the form of Supvisors state and modes.',
    returns: {
      type: 'struct',
      description: 'fsm_statecode, fsm_statename, starting_jobs, stopping_jobs, instance_states...',
    },
    params: [],
    call: ({ store, identifier }) => supvisorsStatePayload(store.state, identifier, store.jobs()),
  }),

  'supvisors.get_all_instances_info': xmlrpcMethod({
    role: 'viewer',
    description: 'Get information about all Supervisor instances, sorted by identifier.',
    returns: { type: 'array', description: 'an array of structures, one per instance' },
    params: [],
    call: ({ store }) => {
      const state = store.state;
      return Object.values(state.instances)
        .sort((a, b) => supvisorsIdentifier(a).localeCompare(supvisorsIdentifier(b)))
        .map((instance: Instance) => instanceInfo(state, instance));
    },
  }),

  'supvisors.get_instance_info': xmlrpcMethod({
    role: 'viewer',
    description:
      'Get information about the Supervisor instance named by its identifier (host:port) or its nick.',
    returns: { type: 'array', description: 'an array holding the structure of the instance' },
    params: [stringParam('identifier', 'the identifier (host:port) or the nick of the instance')],
    call: ({ store }, identifier) => [instanceInfo(store.state, findInstance(store.state, identifier))],
  }),

  'supvisors.get_all_applications_info': xmlrpcMethod({
    role: 'viewer',
    description: 'Get information about all applications, managed or not.',
    returns: { type: 'array', description: 'an array of structures, one per application' },
    params: [],
    call: ({ store }) => {
      requireState(store.state, READABLE_STATES);
      return Object.values(store.state.applications)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(applicationInfo);
    },
  }),

  'supvisors.get_application_info': xmlrpcMethod({
    role: 'viewer',
    description: 'Get information about an application: its state and its major and minor failures.',
    returns: {
      type: 'struct',
      description: 'application_name, managed, statecode, statename, major_failure, minor_failure',
    },
    params: [applicationParam],
    call: ({ store }, name) => {
      requireState(store.state, READABLE_STATES);
      return applicationInfo(findApplication(store.state, name));
    },
  }),

  'supvisors.get_application_rules': xmlrpcMethod({
    role: 'viewer',
    description: 'Get the rules used to start and stop an application.',
    returns: { type: 'struct', description: 'the application rules' },
    params: [applicationParam],
    call: ({ store }, name) => {
      requireState(store.state, READABLE_STATES);
      return applicationRules(store.state, findApplication(store.state, name));
    },
  }),

  'supvisors.get_all_process_info': xmlrpcMethod({
    role: 'viewer',
    description: 'Get the synthetic information of all processes.',
    returns: { type: 'array', description: 'an array of structures, one per process' },
    params: [],
    call: ({ store }) => {
      requireState(store.state, READABLE_STATES);
      const state = store.state;
      return sortedProcesses(state).map((p) => processInfo(state, p));
    },
  }),

  'supvisors.get_process_info': xmlrpcMethod({
    role: 'viewer',
    description: 'Get the synthetic information of a process, over all the instances that define it.',
    returns: { type: 'array', description: 'an array of structures, one per process' },
    params: [namespecParam],
    call: ({ store }, namespec) => {
      requireState(store.state, READABLE_STATES);
      const state = store.state;
      return findNamespec(state, namespec).processes.map((p) => processInfo(state, p));
    },
  }),

  'supvisors.get_process_rules': xmlrpcMethod({
    role: 'viewer',
    description: 'Get the rules used to start and stop a process.',
    returns: { type: 'array', description: 'an array of structures, one per process' },
    params: [namespecParam],
    call: ({ store }, namespec) => {
      requireState(store.state, READABLE_STATES);
      const state = store.state;
      return findNamespec(state, namespec).processes.map((p) => processRules(state, p));
    },
  }),

  'supvisors.get_conflicts': xmlrpcMethod({
    role: 'viewer',
    description: 'Get the processes of managed applications running on more than one instance.',
    returns: { type: 'array', description: 'an array of structures in the form of get_process_info' },
    params: [],
    call: ({ store }) => {
      requireState(store.state, READABLE_STATES);
      const state = store.state;
      return conflictingProcesses(state).map((p) => processInfo(state, p));
    },
  }),
};
