import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/supfleet.mjs', import.meta.url));

const FILES: Record<string, string> = {
  'good.xml': `<?xml version="1.0"?>
<root>
  <alias name="front">n1,n2</alias>
  <model name="m">
    <start_sequence>2</start_sequence>
    <required>true</required>
  </model>
  <application name="app">
    <start_sequence>1</start_sequence>
    <programs>
      <program pattern=""><reference>m</reference><identifiers>front,n3</identifiers></program>
      <program name="lonely"><identifiers>n9</identifiers></program>
    </programs>
  </application>
</root>
`,
  'more.xml': `<root>
  <application name="tools"/>
</root>
`,
  'bad.xml': `<?xml version="1.0"?>
<root>
  <application name="app2">
    <distribution>EVERYWHERE</distribution>
    <colour>blue</colour>
    <start_sequence>first</start_sequence>
  </application>
</root>
`,
  'broken.xml': `<root>
  <application name="x">
</root>
`,
  'fleet.conf': `[inet_http_server]
port = 127.0.0.1:9001

[supfleet]
supvisors_list = <n1>127.0.0.1:9001,<n2>127.0.0.1:9002,<n3>127.0.0.1:9003
rules_files = good.xml more.xml
`,
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('supfleet rules, run as a user runs it', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'supfleet-rules-'));
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const supfleet = (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      execFile(process.execPath, [BIN, ...args], { cwd: dir, timeout: 20_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      });
    });

  it.each([
    {
      case: 'a good file: summary, exit 0, no warning about instances it cannot know',
      args: ['check', 'good.xml'],
      code: 0,
      stdout: ['ok: 1 file, 1 application, 1 model, 1 alias, 0 warnings'],
      stderr: [],
    },
    {
      case: 'two good files',
      args: ['check', 'good.xml', 'more.xml'],
      code: 0,
      stdout: ['ok: 2 files, 2 applications, 1 model, 1 alias, 0 warnings'],
      stderr: [],
    },
    {
      case: 'every error of a bad file, at its line and column',
      args: ['check', 'good.xml', 'bad.xml'],
      code: 1,
      stdout: [
        /^bad\.xml:4:5: .*"EVERYWHERE".*ALL_INSTANCES, SINGLE_INSTANCE, SINGLE_NODE/,
        /^bad\.xml:5:5: unknown element <colour> in <application>/,
        /^bad\.xml:6:5: .*"first"/,
        'failed: 3 errors, 0 warnings',
      ],
      stderr: [],
    },
    {
      case: 'malformed XML at the closing tag',
      args: ['check', 'broken.xml'],
      code: 1,
      stdout: [/^broken\.xml:3:7: malformed XML/, 'failed: 1 error, 0 warnings'],
      stderr: [],
    },
    {
      case: 'with -c, unknown instances warned on stderr with their place',
      args: ['check', '-c', 'fleet.conf', 'good.xml'],
      code: 0,
      stdout: ['ok: 1 file, 1 application, 1 model, 1 alias, 1 warning'],
      stderr: [/^good\.xml:12:30: warning: .*"n9" is neither an instance nor an alias/],
    },
    {
      case: 'with -c and no file, the rules_files of the conf',
      args: ['check', '-c', 'fleet.conf'],
      code: 0,
      stdout: ['ok: 2 files, 2 applications, 1 model, 1 alias, 1 warning'],
      stderr: [/^good\.xml:12:30: warning: /],
    },
    {
      case: 'a file that does not exist',
      args: ['check', 'missing.xml'],
      code: 1,
      stdout: [],
      stderr: ['supfleet: missing.xml: cannot read: ENOENT'],
    },
    {
      case: 'no file at all: usage, exit 2',
      args: ['check'],
      code: 2,
      stdout: [],
      stderr: [
        'supfleet: no rules file given',
        /^usage: supfleet rules check/,
        /supfleet rules show/,
        /supfleet user add\|list/,
        /supfleet token create\|list/,
      ],
    },
  ])('rules $case', async ({ args, code, stdout, stderr }) => {
    const run = await supfleet('rules', ...args);
    expect(lines(run.stdout)).toEqual(stdout.map(matching));
    expect(lines(run.stderr)).toEqual(stderr.map(matching));
    expect(run.code).toBe(code);
  });

  it('rules show: the resolved rules of an application and its programs, and the rule behind them', async () => {
    const run = await supfleet(
      'rules',
      'show',
      '-c',
      'fleet.conf',
      '--application',
      'app',
      '--program',
      'lonely',
      '--program',
      'web_1',
    );
    expect(run.code).toBe(0);
    const shown = JSON.parse(run.stdout) as { applications: { name: string; programs: unknown[] }[] };
    expect(shown.applications).toMatchObject([
      {
        name: 'app',
        rules: { managed: true, startSequence: 1 },
        matchedBy: { name: 'app', file: 'good.xml', line: 8 },
        programs: [
          {
            name: 'lonely',
            rules: { identifiers: [], startSequence: 0 },
            matchedBy: { name: 'lonely', line: 12 },
            models: [],
          },
          {
            name: 'web_1',
            rules: { identifiers: ['n1', 'n2', 'n3'], startSequence: 2, required: true },
            matchedBy: { pattern: '', line: 11 },
            models: ['m'],
          },
        ],
      },
    ]);
    expect(run.stderr).toMatch(/good\.xml:12:30: warning: /);
  });

  it('rules show without --application: every application the files name, unmanaged ones on request', async () => {
    const run = await supfleet('rules', 'show', '-c', 'fleet.conf');
    const all = JSON.parse(run.stdout) as { applications: { name: string; programs?: unknown }[] };
    expect(all.applications.map((a) => a.name)).toEqual(['app', 'tools']);
    expect(all.applications.every((a) => a.programs === undefined)).toBe(true);

    const unknown = await supfleet('rules', 'show', '-c', 'fleet.conf', '-a', 'nobody');
    expect(JSON.parse(unknown.stdout)).toMatchObject({
      applications: [{ name: 'nobody', rules: { managed: false }, matchedBy: null }],
    });
  });
});

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

/** A row's expected line: exact text, or a pattern for long messages. */
function matching(expected: string | RegExp): unknown {
  return typeof expected === 'string' ? expected : expect.stringMatching(expected);
}
