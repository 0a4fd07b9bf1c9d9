import {
  DEFAULT_PROGRAM_RULES,
  UNMANAGED_APPLICATION_RULES,
  type Application,
  type Instance,
  type InstanceStats,
  type Job,
  type JobProcess,
  type JobRank,
  type Process,
  type ProcessOnInstance,
  type Snapshot,
} from '@supfleet/protocol';

/** Builders of protocol objects for tests: sensible defaults, override what the case is about. */

export function anInstance(overrides: Partial<Instance> = {}): Instance {
  return {
    id: 'rocky51',
    host: '127.0.0.1',
    port: 61001,
    node: 'rocky51',
    state: 'RUNNING',
    lastSeen: 1_700_000_000_000,
    error: null,
    silentSince: null,
    lost: false,
    loading: 0,
    identification: 'rocky51',
    agent: false,
    ...overrides,
  };
}

export function anInstanceInfo(overrides: Partial<ProcessOnInstance> = {}): ProcessOnInstance {
  return {
    instance: 'rocky51',
    state: 'STOPPED',
    description: 'Not started',
    pid: 0,
    start: 0,
    stop: 0,
    exitStatus: 0,
    expectedExit: true,
    spawnErr: '',
    updatedAt: 1_700_000_000_000,
    ...overrides,
  };
}

export function aProcess(overrides: Partial<Process> = {}): Process {
  const namespec = overrides.namespec ?? 'scen1:scen1_hci';
  const [application = 'scen1', name = namespec] = namespec.split(':');
  return {
    namespec,
    application,
    name,
    state: 'STOPPED',
    expectedExit: true,
    description: 'Not started',
    runningOn: [],
    instance: 'rocky51',
    conflict: false,
    definedOn: ['rocky51'],
    instances: [anInstanceInfo()],
    rules: DEFAULT_PROGRAM_RULES,
    ...overrides,
  };
}

export function anApplication(overrides: Partial<Application> = {}): Application {
  return {
    name: 'scen1',
    managed: true,
    state: 'STOPPED',
    majorFailure: false,
    minorFailure: false,
    status: 'off',
    reasons: [],
    rules: { ...UNMANAGED_APPLICATION_RULES, managed: true },
    jobId: null,
    jobPhase: null,
    ...overrides,
  };
}

export function aJobProcess(
  namespec: string,
  step: JobProcess['step'],
  overrides: Partial<JobProcess> = {},
): JobProcess {
  return { namespec, instance: null, step, message: null, ...overrides };
}

export function aRank(phase: JobRank['phase'], rank: number, processes: JobProcess[]): JobRank {
  return { phase, rank, processes };
}

export function aJob(overrides: Partial<Job> = {}): Job {
  return {
    id: 'job-1',
    kind: 'restart',
    target: { type: 'application', name: 'scen1' },
    strategy: 'CONFIG',
    state: 'running',
    current: null,
    ranks: [],
    error: null,
    createdAt: 1_700_000_000_000,
    endedAt: null,
    ...overrides,
  };
}

export function aSnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    service: {
      reload: { ok: true, errors: [], warnings: [], at: null },
      needsRestart: [],
      replica: 'web:8080',
      leader: true,
      leaderName: 'web:8080',
      leaderUrl: null,
      epoch: 1,
    },
    instances: [anInstance()],
    applications: [anApplication()],
    processes: [aProcess()],
    jobs: [],
    stats: [],
    sequence: 10,
    ...overrides,
  };
}

export function anInstanceStats(overrides: Partial<InstanceStats> = {}): InstanceStats {
  return {
    instance: 'rocky51',
    at: 1_700_000_000_000,
    node: { cpu: 10, memoryUsed: 2e9, memoryTotal: 8e9, load: [0.5, 0.4, 0.3] },
    processes: {},
    ...overrides,
  };
}
