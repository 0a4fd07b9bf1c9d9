import type { ApplicationState, InstanceState, ProcessState } from '@supfleet/protocol';

/** The colour family a state is drawn in: fine, in transition, broken, or at rest. */
export type Tone = 'ok' | 'busy' | 'bad' | 'idle';

export function processStateTone(state: ProcessState, expectedExit: boolean): Tone {
  switch (state) {
    case 'RUNNING':
      return 'ok';
    case 'STARTING':
    case 'STOPPING':
    case 'BACKOFF':
      return 'busy';
    case 'FATAL':
    case 'UNKNOWN':
      return 'bad';
    case 'EXITED':
      return expectedExit ? 'idle' : 'bad';
    case 'STOPPED':
      return 'idle';
  }
}

export function instanceStateTone(state: InstanceState): Tone {
  switch (state) {
    case 'RUNNING':
      return 'ok';
    case 'CHECKING':
      return 'busy';
    case 'SILENT':
      return 'bad';
    case 'UNKNOWN':
      return 'idle';
  }
}

export function applicationStateTone(state: ApplicationState): Tone {
  switch (state) {
    case 'RUNNING':
      return 'ok';
    case 'STARTING':
    case 'STOPPING':
      return 'busy';
    case 'STOPPED':
      return 'idle';
  }
}
