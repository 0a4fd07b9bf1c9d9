import { describe, expect, it } from 'vitest';
import { EMPTY_RULES, autorestartWarnings, formatDiagnostic } from '../index';
import type { ProgramAutorestart } from '../index';
import { loadOk, rulesXml } from './rules-test-helpers';

const rules = loadOk(
  rulesXml(
    '<application name="app">',
    '  <running_failure_strategy>RESTART_APPLICATION</running_failure_strategy>',
    '  <programs>',
    '    <program name="stopper"><running_failure_strategy>STOP_APPLICATION</running_failure_strategy></program>',
    '    <program name="quiet"><running_failure_strategy>CONTINUE</running_failure_strategy></program>',
    '  </programs>',
    '</application>',
    '<application name="calm"/>',
  ),
);

describe('autorestartWarnings: a failure strategy that fights supervisord autorestart', () => {
  const rows: { case: string; configs: ProgramAutorestart[]; warnings: RegExp[] }[] = [
    {
      case: 'STOP_APPLICATION on the program with autorestart on: warned where the strategy is written',
      configs: [{ group: 'app', name: 'stopper', autorestart: true }],
      warnings: [
        /^rules\.xml:5:29: program app:stopper has running_failure_strategy STOP_APPLICATION while supervisord's autorestart is true/,
      ],
    },
    {
      case: "RESTART_APPLICATION inherited from the application with autorestart unexpected (supervisord's default)",
      configs: [{ group: 'app', name: 'other', autorestart: 'unexpected' }],
      warnings: [/^rules\.xml:3:3: program app:other has running_failure_strategy RESTART_APPLICATION/],
    },
    {
      case: 'autorestart off: no warning',
      configs: [{ group: 'app', name: 'stopper', autorestart: false }],
      warnings: [],
    },
    { case: 'autorestart unknown: no warning', configs: [{ group: 'app', name: 'stopper' }], warnings: [] },
    {
      case: 'CONTINUE does not fight: no warning',
      configs: [{ group: 'app', name: 'quiet', autorestart: true }],
      warnings: [],
    },
    {
      case: 'default strategy of another application: no warning',
      configs: [{ group: 'calm', name: 'x', autorestart: true }],
      warnings: [],
    },
    {
      case: 'unmanaged group: no warning',
      configs: [{ group: 'free', name: 'x', autorestart: true }],
      warnings: [],
    },
    {
      case: 'a program defined on several instances is warned once',
      configs: [
        { group: 'app', name: 'stopper', autorestart: 'true' },
        { group: 'app', name: 'stopper', autorestart: 'true' },
      ],
      warnings: [/^rules\.xml:5:29: program app:stopper /],
    },
  ];
  it.each(rows)('$case', ({ configs, warnings }) => {
    const found = autorestartWarnings(rules, configs).map(formatDiagnostic);
    expect(found).toHaveLength(warnings.length);
    warnings.forEach((warning, index) => expect(found[index]).toMatch(warning));
  });

  it('finds nothing without rules files', () => {
    expect(autorestartWarnings(EMPTY_RULES, [{ group: 'app', name: 'stopper', autorestart: true }])).toEqual(
      [],
    );
  });
});
