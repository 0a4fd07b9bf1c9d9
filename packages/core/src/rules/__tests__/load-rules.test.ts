import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAM_RULES, UNMANAGED_APPLICATION_RULES } from '@supfleet/protocol';
import type { ApplicationRules, ProgramRules } from '@supfleet/protocol';
import { EMPTY_RULES, formatDiagnostic, loadRules } from '../index';
import { INSTANCES, loadOk, rulesXml, warningsOf } from './rules-test-helpers';

/** An application `app` holding the given program rules, after the given models. */
function appXml(options: { models?: string; application?: string; programs?: string }): string {
  return rulesXml(
    options.models ?? '',
    '<application name="app">',
    options.application ?? '',
    `<programs>${options.programs ?? ''}</programs>`,
    '</application>',
  );
}

describe('program rules: defaults, sequences, models and failure strategies', () => {
  const rows: { case: string; xml: string; program: string; expected: Partial<ProgramRules> }[] = [
    {
      case: 'a managed application without a program rule gives the defaults',
      xml: appXml({}),
      program: 'anything',
      expected: DEFAULT_PROGRAM_RULES,
    },
    {
      case: 'a program rule sets only what it names, the rest keeps the defaults',
      xml: appXml({ programs: '<program name="p"><expected_loading>30</expected_loading></program>' }),
      program: 'p',
      expected: { ...DEFAULT_PROGRAM_RULES, expectedLoading: 30 },
    },
    {
      case: 'stop_sequence defaults to start_sequence',
      xml: appXml({ programs: '<program name="p"><start_sequence>4</start_sequence></program>' }),
      program: 'p',
      expected: { startSequence: 4, stopSequence: 4 },
    },
    {
      case: 'an explicit stop_sequence is kept',
      xml: appXml({
        programs:
          '<program name="p"><start_sequence>4</start_sequence><stop_sequence>1</stop_sequence></program>',
      }),
      program: 'p',
      expected: { startSequence: 4, stopSequence: 1 },
    },
    {
      case: 'children may come in any order',
      xml: appXml({
        programs:
          '<program name="p"><wait_exit>1</wait_exit><required>true</required><start_sequence>2</start_sequence></program>',
      }),
      program: 'p',
      expected: { waitExit: true, required: true, startSequence: 2 },
    },
    {
      case: 'wait_exit_timeout bounds the wait for a wait_exit program, from a model too',
      xml: appXml({
        models:
          '<model name="nfs"><wait_exit>true</wait_exit><wait_exit_timeout>30</wait_exit_timeout></model>',
        programs: '<program name="p"><reference>nfs</reference><start_sequence>1</start_sequence></program>',
      }),
      program: 'p',
      expected: { waitExit: true, waitExitTimeout: 30, startSequence: 1 },
    },
    {
      case: 'model chain: the program overrides its model, which overrides the model it references',
      xml: appXml({
        models: [
          '<model name="deep"><expected_loading>10</expected_loading><start_sequence>1</start_sequence><required>true</required></model>',
          '<model name="near"><reference>deep</reference><start_sequence>2</start_sequence><wait_exit>true</wait_exit><expected_loading>20</expected_loading></model>',
        ].join('\n'),
        programs:
          '<program name="p"><reference>near</reference><expected_loading>30</expected_loading></program>',
      }),
      program: 'p',
      expected: { required: true, startSequence: 2, stopSequence: 2, waitExit: true, expectedLoading: 30 },
    },
    {
      case: 'a model may be declared after the program that references it',
      xml: rulesXml(
        '<application name="app"><programs><program name="p"><reference>late</reference></program></programs></application>',
        '<model name="late"><start_sequence>5</start_sequence></model>',
      ),
      program: 'p',
      expected: { startSequence: 5, stopSequence: 5 },
    },
    {
      case: "a model's stop_sequence is kept when the program sets only start_sequence",
      xml: appXml({
        models: '<model name="m"><start_sequence>2</start_sequence><stop_sequence>9</stop_sequence></model>',
        programs: '<program name="p"><reference>m</reference><start_sequence>3</start_sequence></program>',
      }),
      program: 'p',
      expected: { startSequence: 3, stopSequence: 9 },
    },
    {
      case: "without a rule, a program takes the application's failure strategies",
      xml: appXml({
        application:
          '<starting_failure_strategy>STOP</starting_failure_strategy><running_failure_strategy>RESTART_PROCESS</running_failure_strategy>',
      }),
      program: 'other',
      expected: { startingFailureStrategy: 'STOP', runningFailureStrategy: 'RESTART_PROCESS' },
    },
    {
      case: "a program rule without strategies takes the application's",
      xml: appXml({
        application:
          '<starting_failure_strategy>CONTINUE</starting_failure_strategy><running_failure_strategy>STOP_APPLICATION</running_failure_strategy>',
        programs: '<program name="p"><start_sequence>1</start_sequence></program>',
      }),
      program: 'p',
      expected: { startingFailureStrategy: 'CONTINUE', runningFailureStrategy: 'STOP_APPLICATION' },
    },
    {
      case: "the program's strategies override the application's",
      xml: appXml({
        application:
          '<starting_failure_strategy>CONTINUE</starting_failure_strategy><running_failure_strategy>STOP_APPLICATION</running_failure_strategy>',
        programs:
          '<program name="p"><starting_failure_strategy>STOP</starting_failure_strategy><running_failure_strategy>RESTART</running_failure_strategy></program>',
      }),
      program: 'p',
      expected: { startingFailureStrategy: 'STOP', runningFailureStrategy: 'RESTART' },
    },
    {
      case: "strategies set by a model override the application's",
      xml: appXml({
        models: '<model name="m"><running_failure_strategy>SHUTDOWN</running_failure_strategy></model>',
        application: '<running_failure_strategy>STOP_APPLICATION</running_failure_strategy>',
        programs: '<program name="p"><reference>m</reference></program>',
      }),
      program: 'p',
      expected: { startingFailureStrategy: 'ABORT', runningFailureStrategy: 'SHUTDOWN' },
    },
    {
      case: 'a chain of 3 levels (program, model, model) is accepted',
      xml: appXml({
        models:
          '<model name="m2"><required>true</required></model><model name="m1"><reference>m2</reference><start_sequence>1</start_sequence></model>',
        programs: '<program name="p"><reference>m1</reference></program>',
      }),
      program: 'p',
      expected: { required: true, startSequence: 1 },
    },
  ];
  it.each(rows)('$case', ({ xml, program, expected }) => {
    expect(loadOk(xml).programRules('app', program)).toMatchObject(expected);
  });

  it('explains which rule and which models gave the program its rules', () => {
    const rules = loadOk(
      appXml({
        models: '<model name="m2"/>\n<model name="m1"><reference>m2</reference></model>',
        programs: '<program pattern="^p_"><reference>m1</reference></program>',
      }),
    );
    expect(rules.explainProgram('app', 'p_1')).toMatchObject({
      matchedBy: { pattern: '^p_', file: 'rules.xml', line: 6, column: 11 },
      models: ['m1', 'm2'],
    });
    expect(rules.explainProgram('app', 'q')).toMatchObject({ matchedBy: null, models: [] });
  });
});

describe('application rules', () => {
  const rows: { case: string; body: string; expected: Partial<ApplicationRules> }[] = [
    {
      case: 'defaults of a managed application',
      body: '',
      expected: { ...UNMANAGED_APPLICATION_RULES, managed: true },
    },
    {
      case: 'stop_sequence defaults to start_sequence',
      body: '<start_sequence>3</start_sequence>',
      expected: { startSequence: 3, stopSequence: 3 },
    },
    {
      case: 'every element is read',
      body: [
        '<distribution>SINGLE_NODE</distribution>',
        '<identifiers>i2,i1</identifiers>',
        '<start_sequence>2</start_sequence>',
        '<stop_sequence>5</stop_sequence>',
        '<starting_strategy>LESS_LOADED_NODE</starting_strategy>',
        '<starting_failure_strategy>STOP</starting_failure_strategy>',
        '<running_failure_strategy>RESTART_APPLICATION</running_failure_strategy>',
        `<operational_status>any("srv_.*") and 'db'</operational_status>`,
      ].join(''),
      expected: {
        managed: true,
        distribution: 'SINGLE_NODE',
        identifiers: ['i2', 'i1'],
        startSequence: 2,
        stopSequence: 5,
        startingStrategy: 'LESS_LOADED_NODE',
        startingFailureStrategy: 'STOP',
        runningFailureStrategy: 'RESTART_APPLICATION',
        operationalStatus: `any("srv_.*") and 'db'`,
      },
    },
  ];
  it.each(rows)('$case', ({ body, expected }) => {
    expect(loadOk(rulesXml(`<application name="app">${body}</application>`)).applicationRules('app')).toEqual(
      {
        ...UNMANAGED_APPLICATION_RULES,
        managed: true,
        ...expected,
      },
    );
  });

  it('a group no rule matches is unmanaged, and its programs get the default rules', () => {
    const rules = loadOk(rulesXml('<application name="app"/>'));
    expect(rules.applicationRules('other')).toEqual(UNMANAGED_APPLICATION_RULES);
    expect(rules.programRules('other', 'p')).toEqual(DEFAULT_PROGRAM_RULES);
    expect(rules.explainApplication('other').matchedBy).toBeNull();
  });

  it('the configured service default replaces CONFIG, but not an explicit starting_strategy', () => {
    const rules = loadOk(
      rulesXml(
        '<application name="a"/>',
        '<application name="b"><starting_strategy>MOST_LOADED</starting_strategy></application>',
      ),
      INSTANCES,
      { defaultStartingStrategy: 'LESS_LOADED' },
    );
    expect(rules.applicationRules('a').startingStrategy).toBe('LESS_LOADED');
    expect(rules.applicationRules('b').startingStrategy).toBe('MOST_LOADED');
  });
});

describe('matching names and patterns', () => {
  const programRows: {
    case: string;
    programs: string[];
    program: string;
    winner: { name: string } | { pattern: string };
  }[] = [
    {
      case: 'the exact name wins over a longer pattern match',
      programs: [
        '<program pattern="server_01"><expected_loading>1</expected_loading></program>',
        '<program name="server_01"><expected_loading>2</expected_loading></program>',
      ],
      program: 'server_01',
      winner: { name: 'server_01' },
    },
    {
      case: 'among patterns the longest match wins',
      programs: [
        '<program pattern="prg"><expected_loading>1</expected_loading></program>',
        '<program pattern="prg_"><expected_loading>2</expected_loading></program>',
      ],
      program: 'prg_00',
      winner: { pattern: 'prg_' },
    },
    {
      case: 'the first pattern wins on a tie',
      programs: [
        '<program pattern="_0"><expected_loading>1</expected_loading></program>',
        '<program pattern="g_"><expected_loading>2</expected_loading></program>',
      ],
      program: 'prg_00',
      winner: { pattern: '_0' },
    },
    {
      case: 'a pattern is searched in the name (a substring works)',
      programs: ['<program pattern="wait_nfs"><expected_loading>1</expected_loading></program>'],
      program: 'scen1_wait_nfs_mount_2',
      winner: { pattern: 'wait_nfs' },
    },
    {
      case: 'the empty pattern matches every name',
      programs: ['<program pattern=""><expected_loading>1</expected_loading></program>'],
      program: 'anything',
      winner: { pattern: '' },
    },
    {
      case: 'a longer match beats the empty pattern whatever the order',
      programs: [
        '<program pattern=""><expected_loading>1</expected_loading></program>',
        '<program pattern="x"><expected_loading>2</expected_loading></program>',
      ],
      program: 'a_x',
      winner: { pattern: 'x' },
    },
    {
      case: 'the match length counts, not the pattern length',
      programs: [
        '<program pattern="p.*"><expected_loading>1</expected_loading></program>',
        '<program pattern="prg_0"><expected_loading>2</expected_loading></program>',
      ],
      program: 'prg_00_long',
      winner: { pattern: 'p.*' },
    },
  ];
  it.each(programRows)('$case', ({ programs, program, winner }) => {
    const rules = loadOk(appXml({ programs: programs.join('\n') }));
    expect(rules.explainProgram('app', program).matchedBy).toEqual(expect.objectContaining(winner));
  });

  it('anchors restrict a pattern: no rule matches, the program gets the defaults', () => {
    const rules = loadOk(
      appXml({ programs: '<program pattern="^prg$"><start_sequence>2</start_sequence></program>' }),
    );
    expect(rules.explainProgram('app', 'my_prg').matchedBy).toBeNull();
    expect(rules.programRules('app', 'my_prg').startSequence).toBe(0);
  });

  const applicationRows: {
    case: string;
    applications: string[];
    application: string;
    startSequence: number;
  }[] = [
    {
      case: 'application: the exact name wins over a pattern',
      applications: [
        '<application pattern="web_app"><start_sequence>1</start_sequence></application>',
        '<application name="web_app"><start_sequence>2</start_sequence></application>',
      ],
      application: 'web_app',
      startSequence: 2,
    },
    {
      case: 'application: the longest match wins',
      applications: [
        '<application pattern="web"><start_sequence>1</start_sequence></application>',
        '<application pattern="web_"><start_sequence>2</start_sequence></application>',
      ],
      application: 'web_03',
      startSequence: 2,
    },
    {
      case: 'application: the first pattern wins on a tie',
      applications: [
        '<application pattern="b_"><start_sequence>1</start_sequence></application>',
        '<application pattern="_0"><start_sequence>2</start_sequence></application>',
      ],
      application: 'web_03',
      startSequence: 1,
    },
  ];
  it.each(applicationRows)('$case', ({ applications, application, startSequence }) => {
    expect(loadOk(rulesXml(...applications)).applicationRules(application).startSequence).toBe(startSequence);
  });

  it('program rules are looked up in the application rule that matched, a pattern one included', () => {
    const rules = loadOk(
      rulesXml(
        '<application pattern="^user_"><programs><program name="gui"><start_sequence>3</start_sequence></program></programs></application>',
      ),
    );
    expect(rules.programRules('user_ann', 'gui').startSequence).toBe(3);
    expect(rules.explainApplication('user_ann').matchedBy).toMatchObject({
      pattern: '^user_',
      line: 2,
      column: 1,
    });
  });
});

describe('consistency rules', () => {
  it('a required program with start_sequence <= 0 is not required, with a warning', () => {
    const xml = appXml({ programs: '<program name="p"><required>true</required></program>' });
    expect(loadOk(xml).programRules('app', 'p').required).toBe(false);
    expect(warningsOf(xml)).toEqual([
      expect.stringMatching(
        /^rules\.xml:5:11: program name "p" is required but its start_sequence is 0 .*not required$/,
      ),
    ]);
  });
});

describe('several files', () => {
  const first = [
    '<root>',
    '<model name="m"><start_sequence>4</start_sequence></model>',
    '<application name="a"><start_sequence>1</start_sequence></application>',
    '</root>',
  ].join('\n');
  const second = [
    '<root>',
    '<application name="a"><start_sequence>9</start_sequence></application>',
    '<application name="b"><programs><program name="p"><reference>m</reference></program></programs></application>',
    '<model name="m"><start_sequence>7</start_sequence></model>',
    '</root>',
  ].join('\n');
  const result = loadRules(
    [
      { file: 'one.xml', text: first },
      { file: 'two.xml', text: second },
    ],
    INSTANCES,
  );

  it('later files add applications and may use the models of earlier files', () => {
    expect(result.errors).toEqual([]);
    expect(result.rules?.programRules('b', 'p').startSequence).toBe(4);
    expect(result.rules?.summary).toEqual({
      applications: 2,
      models: 1,
      aliases: 0,
      files: ['one.xml', 'two.xml'],
    });
  });

  it('a name defined again keeps its first definition, with a warning at the second', () => {
    expect(result.rules?.applicationRules('a').startSequence).toBe(1);
    expect(result.warnings.map(formatDiagnostic)).toEqual([
      'two.xml:2:1: <application name "a"> is already defined at one.xml:3:1; this one is ignored (the first definition wins)',
      'two.xml:4:1: <model name="m"> is already defined at one.xml:2:1; this one is ignored (the first definition wins)',
    ]);
  });
});

describe('scenario 1', () => {
  // The rules file of the seed's scenario 1, written out again here.
  const scenario1 = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<root>
    <model name="model_scenario_1">
        <start_sequence>2</start_sequence>
        <required>true</required>
        <expected_loading>2</expected_loading>
    </model>

    <application name="scen1">
        <start_sequence>1</start_sequence>
        <starting_failure_strategy>CONTINUE</starting_failure_strategy>
        <programs>
            <program pattern="">
                <reference>model_scenario_1</reference>
            </program>
            <program pattern="wait_nfs_mount">
                <reference>model_scenario_1</reference>
                <start_sequence>1</start_sequence>
                <wait_exit>true</wait_exit>
            </program>
        </programs>
    </application>
</root>
`;
  const rows: { case: string; instances: string[]; program: string; expected: Partial<ProgramRules> }[] = [
    {
      case: 'the NFS wait program starts first, is waited for and required',
      instances: ['rocky51', 'rocky52', 'rocky53'],
      program: 'scen1_wait_nfs_mount_2',
      expected: {
        startSequence: 1,
        waitExit: true,
        required: true,
        expectedLoading: 2,
        identifiers: ['*'],
        startingFailureStrategy: 'CONTINUE',
      },
    },
    {
      case: 'the other programs start at rank 2 and are required',
      instances: ['rocky51', 'rocky52', 'rocky53'],
      program: 'scen1_hci',
      expected: {
        startSequence: 2,
        stopSequence: 2,
        required: true,
        waitExit: false,
        expectedLoading: 2,
        identifiers: ['*'],
      },
    },
    {
      case: 'the same file serves the developer configuration on one instance',
      instances: ['localhost'],
      program: 'scen1_hci',
      expected: { startSequence: 2, required: true, identifiers: ['*'] },
    },
  ];
  it.each(rows)('$case', ({ instances, program, expected }) => {
    const result = loadRules([{ file: 'scenario_1_rules.xml', text: scenario1 }], instances);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.rules?.programRules('scen1', program)).toMatchObject(expected);
    expect(result.rules?.applicationRules('scen1')).toMatchObject({
      managed: true,
      startSequence: 1,
      startingFailureStrategy: 'CONTINUE',
    });
  });
});

describe('EMPTY_RULES', () => {
  it('leaves every application unmanaged', () => {
    expect(EMPTY_RULES.applicationRules('scen1')).toEqual(UNMANAGED_APPLICATION_RULES);
    expect(EMPTY_RULES.programRules('scen1', 'scen1_hci')).toEqual(DEFAULT_PROGRAM_RULES);
    expect(EMPTY_RULES.summary).toEqual({ applications: 0, models: 0, aliases: 0, files: [] });
  });
});
