import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAM_RULES, UNMANAGED_APPLICATION_RULES } from '@supfleet/protocol';
import type { ApplicationRules, ApplicationState, OperationalStatus, ProcessState } from '@supfleet/protocol';
import { applicationStatus } from '../application-status';
import type { StatusProcess } from '../application-status';

const RULES: ApplicationRules = {
  ...UNMANAGED_APPLICATION_RULES,
  managed: true,
  startSequence: 1,
  stopSequence: 1,
};

interface Options {
  required?: boolean;
  startSequence?: number;
  expectedExit?: boolean;
}

function proc(name: string, state: ProcessState, options: Options = {}): StatusProcess {
  const startSequence = options.startSequence ?? (options.required ? 2 : 0);
  return {
    name,
    state,
    expectedExit: options.expectedExit ?? false,
    rules: {
      ...DEFAULT_PROGRAM_RULES,
      required: options.required ?? false,
      startSequence,
      stopSequence: startSequence,
    },
  };
}

const required = { required: true };
const inSequence = { startSequence: 2 };

describe('application state (SPEC section 3)', () => {
  const rows: { name: string; processes: StatusProcess[]; state: ApplicationState }[] = [
    {
      name: 'STOPPING if any is STOPPING',
      processes: [proc('a', 'RUNNING'), proc('b', 'STOPPING'), proc('c', 'STARTING')],
      state: 'STOPPING',
    },
    {
      name: 'STARTING if any is STARTING',
      processes: [proc('a', 'RUNNING'), proc('b', 'STARTING')],
      state: 'STARTING',
    },
    {
      name: 'STARTING if any is BACKOFF',
      processes: [proc('a', 'RUNNING'), proc('b', 'BACKOFF')],
      state: 'STARTING',
    },
    {
      name: 'RUNNING if any is RUNNING',
      processes: [proc('a', 'RUNNING'), proc('b', 'FATAL'), proc('c', 'STOPPED')],
      state: 'RUNNING',
    },
    {
      name: 'STOPPED when nothing runs',
      processes: [proc('a', 'EXITED'), proc('b', 'FATAL'), proc('c', 'STOPPED')],
      state: 'STOPPED',
    },
  ];
  it.each(rows)('$name', ({ processes, state }) => {
    expect(applicationStatus(RULES, processes).state).toBe(state);
  });
});

interface StatusRow {
  name: string;
  processes: StatusProcess[];
  formula?: string;
  major: boolean;
  minor: boolean;
  status: OperationalStatus;
  reasons: string[];
}

describe('operational status, "required" method (SPEC section 3)', () => {
  const rows: StatusRow[] = [
    {
      name: 'all fine: green',
      processes: [proc('srv', 'RUNNING', required), proc('opt', 'RUNNING', inSequence)],
      major: false,
      minor: false,
      status: 'operational',
      reasons: [],
    },
    {
      name: 'required FATAL: major, red',
      processes: [proc('srv', 'RUNNING', required), proc('db', 'FATAL', required)],
      major: true,
      minor: false,
      status: 'not-operational',
      reasons: ['db is FATAL (required)'],
    },
    {
      name: 'required UNKNOWN: major',
      processes: [proc('srv', 'RUNNING'), proc('db', 'UNKNOWN', required)],
      major: true,
      minor: false,
      status: 'not-operational',
      reasons: ['db is UNKNOWN (required)'],
    },
    {
      name: 'required EXITED unexpectedly: major',
      processes: [proc('srv', 'RUNNING'), proc('db', 'EXITED', required)],
      major: true,
      minor: false,
      status: 'not-operational',
      reasons: ['db is EXITED unexpectedly (required)'],
    },
    {
      name: 'required EXITED with an expected code: no failure',
      processes: [proc('srv', 'RUNNING'), proc('wait', 'EXITED', { ...required, expectedExit: true })],
      major: false,
      minor: false,
      status: 'operational',
      reasons: [],
    },
    {
      name: 'optional in the start sequence FATAL: minor, orange',
      processes: [proc('srv', 'RUNNING', required), proc('opt', 'FATAL', inSequence)],
      major: false,
      minor: true,
      status: 'degraded',
      reasons: ['opt is FATAL (in the start sequence)'],
    },
    {
      name: 'optional outside the start sequence FATAL: no failure',
      processes: [proc('srv', 'RUNNING', required), proc('tool', 'FATAL')],
      major: false,
      minor: false,
      status: 'operational',
      reasons: [],
    },
    {
      name: 'required STOPPED while the application runs: major',
      processes: [proc('srv', 'RUNNING'), proc('scen1_hci', 'STOPPED', required)],
      major: true,
      minor: false,
      status: 'not-operational',
      reasons: ['scen1_hci is STOPPED (required)'],
    },
    {
      name: 'required STOPPED while the application is STOPPED: no failure',
      processes: [proc('srv', 'STOPPED', required), proc('db', 'STOPPED', required)],
      major: false,
      minor: false,
      status: 'off',
      reasons: [],
    },
    {
      name: 'optional STOPPED while running: no failure',
      processes: [proc('srv', 'RUNNING', required), proc('opt', 'STOPPED', inSequence)],
      major: false,
      minor: false,
      status: 'operational',
      reasons: [],
    },
    {
      name: 'a major failure clears the minor one',
      processes: [proc('srv', 'RUNNING'), proc('db', 'FATAL', required), proc('opt', 'FATAL', inSequence)],
      major: true,
      minor: false,
      status: 'not-operational',
      reasons: ['db is FATAL (required)'],
    },
    {
      name: 'LED off while STARTING, even with a major failure',
      processes: [proc('srv', 'STARTING'), proc('db', 'FATAL', required)],
      major: true,
      minor: false,
      status: 'off',
      reasons: ['db is FATAL (required)'],
    },
    {
      name: 'LED off while STOPPED, even with a major failure',
      processes: [proc('srv', 'STOPPED'), proc('db', 'FATAL', required)],
      major: true,
      minor: false,
      status: 'off',
      reasons: ['db is FATAL (required)'],
    },
    {
      name: 'LED off while STOPPING',
      processes: [proc('srv', 'STOPPING', required), proc('db', 'RUNNING', required)],
      major: false,
      minor: false,
      status: 'off',
      reasons: [],
    },
  ];

  it.each(rows)('$name', ({ processes, major, minor, status, reasons }) => {
    expect(applicationStatus(RULES, processes)).toMatchObject({
      majorFailure: major,
      minorFailure: minor,
      status,
      reasons,
    });
  });
});

describe('operational status, formula method (SPEC section 3)', () => {
  const rows: StatusRow[] = [
    {
      name: 'formula true: green',
      formula: "'srv' and any('hci_\\d')",
      processes: [proc('srv', 'RUNNING'), proc('hci_1', 'STOPPED'), proc('hci_2', 'RUNNING')],
      major: false,
      minor: false,
      status: 'operational',
      reasons: [],
    },
    {
      name: 'formula false: major, naming what is down',
      formula: "'srv' and all('hci_\\d')",
      processes: [
        proc('srv', 'RUNNING'),
        proc('hci_1', 'STOPPED'),
        proc('hci_2', 'RUNNING'),
        proc('other', 'STOPPED'),
      ],
      major: true,
      minor: false,
      status: 'not-operational',
      reasons: ['formula is false (down: hci_1)'],
    },
    {
      name: 'an expected exit counts as up',
      formula: "'wait' and 'srv'",
      processes: [proc('srv', 'RUNNING'), proc('wait', 'EXITED', { expectedExit: true })],
      major: false,
      minor: false,
      status: 'operational',
      reasons: [],
    },
    {
      name: 'an unexpected exit counts as down',
      formula: "'wait' and 'srv'",
      processes: [proc('srv', 'RUNNING'), proc('wait', 'EXITED')],
      major: true,
      minor: false,
      status: 'not-operational',
      reasons: ['formula is false (down: wait)'],
    },
    {
      name: 'unresolvable formula: major with the error',
      formula: "'srv' or 'x'",
      processes: [proc('srv', 'RUNNING')],
      major: true,
      minor: false,
      status: 'not-operational',
      reasons: ["formula: unknown program 'x'"],
    },
    {
      name: 'formula that does not parse: major with the error',
      formula: "'srv' and",
      processes: [proc('srv', 'RUNNING')],
      major: true,
      minor: false,
      status: 'not-operational',
      reasons: [expect.stringMatching(/^formula: expected a quoted program name/) as string],
    },
    {
      name: 'required is ignored: a required STOPPED process outside the formula',
      formula: "'srv'",
      processes: [proc('srv', 'RUNNING'), proc('db', 'STOPPED', required)],
      major: false,
      minor: false,
      status: 'operational',
      reasons: [],
    },
    {
      name: 'no major: a start-sequence failure is minor',
      formula: "'srv'",
      processes: [proc('srv', 'RUNNING'), proc('db', 'FATAL', required)],
      major: false,
      minor: true,
      status: 'degraded',
      reasons: ['db is FATAL (in the start sequence)'],
    },
    {
      name: 'a major failure clears the minor one',
      formula: "'srv' and 'hci'",
      processes: [proc('srv', 'RUNNING'), proc('hci', 'STOPPED'), proc('db', 'FATAL', inSequence)],
      major: true,
      minor: false,
      status: 'not-operational',
      reasons: ['formula is false (down: hci)'],
    },
  ];

  it.each(rows)('$name', ({ formula, processes, major, minor, status, reasons }) => {
    const rules = { ...RULES, operationalStatus: formula ?? null };
    expect(applicationStatus(rules, processes)).toMatchObject({
      majorFailure: major,
      minorFailure: minor,
      status,
      reasons,
    });
  });
});
