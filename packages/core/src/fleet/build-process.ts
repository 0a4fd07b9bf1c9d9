import type { Process, ProcessOnInstance, ProgramRules } from '@supfleet/protocol';
import { syntheticState } from '../status/synthetic-state';

export interface ProcessParts {
  namespec: string;
  application: string;
  name: string;
  /** One entry per defining instance, in the configured instance order. */
  entries: ProcessOnInstance[];
  definedOn: string[];
  rules: ProgramRules;
  /** Whether the application is managed: only there is running on several instances a conflict. */
  managed: boolean;
  /** Instances where the program is disabled. */
  disabledOn?: readonly string[];
}

export function buildProcess(parts: ProcessParts): Process {
  const synthetic = syntheticState(parts.entries);
  return {
    namespec: parts.namespec,
    application: parts.application,
    name: parts.name,
    state: synthetic.state,
    expectedExit: synthetic.expectedExit,
    description: synthetic.description,
    runningOn: synthetic.runningOn,
    instance: synthetic.instance,
    conflict: parts.managed && synthetic.runningOn.length > 1,
    definedOn: parts.definedOn,
    instances: parts.entries,
    rules: parts.rules,
    ...(parts.disabledOn && parts.disabledOn.length > 0 ? { disabledOn: [...parts.disabledOn] } : {}),
  };
}
