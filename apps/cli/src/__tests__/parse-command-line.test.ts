import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../commands';
import { DEFAULT_SERVER_URL, parseCommandLine, type CommandLine } from '../parse-command-line';

type Env = Record<string, string | undefined>;

const parse = (argv: string[], env: Env = {}): CommandLine => parseCommandLine(argv, env, COMMANDS);

function run(argv: string[], env: Env = {}) {
  const line = parse(argv, env);
  if (line.kind !== 'run') throw new Error(`expected a command to run, got ${JSON.stringify(line)}`);
  return { command: line.command.name, ...line.globals, ...line.input };
}

describe('parseCommandLine: what runs', () => {
  it.each([
    {
      case: 'default server',
      argv: ['application_info'],
      env: {},
      expected: { command: 'application_info', server: DEFAULT_SERVER_URL, json: false, positionals: [] },
    },
    {
      case: "supvisorsctl's sstatus runs process_info",
      argv: ['sstatus', 'scen1:*'],
      env: {},
      expected: { command: 'process_info', positionals: ['scen1:*'] },
    },
    {
      case: "supvisorsctl's restart_sequence runs start_all",
      argv: ['restart_sequence'],
      env: {},
      expected: { command: 'start_all', positionals: [] },
    },
    {
      case: 'an action with several names',
      argv: ['stop_application', 'a', 'b'],
      env: {},
      expected: { command: 'stop_application', positionals: ['a', 'b'] },
    },
    {
      case: 'SUPFLEET_URL from the environment',
      argv: ['sstate'],
      env: { SUPFLEET_URL: 'http://fleet:8080' },
      expected: { server: 'http://fleet:8080' },
    },
    {
      case: '-s wins over SUPFLEET_URL',
      argv: ['-s', 'http://a:1', 'sstate'],
      env: { SUPFLEET_URL: 'http://b:2' },
      expected: { server: 'http://a:1' },
    },
    {
      case: '--server=URL form',
      argv: ['--server=http://a:1', 'sstate'],
      env: {},
      expected: { server: 'http://a:1' },
    },
    {
      case: 'global option after the command',
      argv: ['application_info', 'scen1', '--json', '-s', 'http://a:1'],
      env: {},
      expected: { json: true, server: 'http://a:1', positionals: ['scen1'] },
    },
    {
      case: 'names are positionals',
      argv: ['process_info', 'scen1:hci', 'scen1:*'],
      env: {},
      expected: { positionals: ['scen1:hci', 'scen1:*'] },
    },
    {
      case: 'strategy and name of an action',
      argv: ['restart_application', 'CONFIG', 'scen1'],
      env: {},
      expected: { command: 'restart_application', positionals: ['CONFIG', 'scen1'] },
    },
    {
      case: '--no-wait of an action',
      argv: ['stop_application', '--no-wait', 'scen1'],
      env: {},
      expected: { values: { 'no-wait': true } },
    },
    {
      case: '--instance of start_process',
      argv: ['start_process', 'CONFIG', 'app:p', '-i', 'n2'],
      env: {},
      expected: { values: { instance: 'n2' } },
    },
    {
      case: 'tail -f with its channel',
      argv: ['tail', '-f', 'app:p', 'stderr'],
      env: {},
      expected: { values: { follow: true }, positionals: ['app:p', 'stderr'] },
    },
    {
      case: "a value that looks like a command is the option's",
      argv: ['-u', 'sstate', 'conflicts'],
      env: {},
      expected: { command: 'conflicts', credentials: { username: 'sstate', password: '' } },
    },
  ])('$case', ({ argv, env, expected }) => {
    expect(run(argv, env)).toMatchObject(expected);
  });

  it.each([
    { case: 'no credentials: no basic auth', argv: ['sstate'], env: {}, expected: undefined },
    {
      case: 'from -u and -p',
      argv: ['-u', 'ops', '-p', 's3cret', 'sstate'],
      env: {},
      expected: { username: 'ops', password: 's3cret' },
    },
    {
      case: 'from the environment',
      argv: ['sstate'],
      env: { SUPFLEET_USERNAME: 'ops', SUPFLEET_PASSWORD: 'env' },
      expected: { username: 'ops', password: 'env' },
    },
    {
      case: '-p wins over SUPFLEET_PASSWORD',
      argv: ['-p', 'flag', 'sstate'],
      env: { SUPFLEET_USERNAME: 'ops', SUPFLEET_PASSWORD: 'env' },
      expected: { username: 'ops', password: 'flag' },
    },
    {
      case: 'a password without a user sends nothing',
      argv: ['-p', 'lonely', 'sstate'],
      env: {},
      expected: undefined,
    },
  ])('credentials: $case', ({ argv, env, expected }) => {
    expect(run(argv, env).credentials).toEqual(expected);
  });
});

describe('parseCommandLine: help', () => {
  it.each([
    { case: '-h', argv: ['-h'], command: undefined },
    { case: '--help before a command', argv: ['--help', 'sstate'], command: undefined },
    { case: 'help', argv: ['help'], command: undefined },
    { case: 'help COMMAND', argv: ['help', 'tail'], command: 'tail' },
    { case: 'COMMAND --help', argv: ['start_application', '--help'], command: 'start_application' },
    {
      case: 'COMMAND -h with missing arguments',
      argv: ['restart_process', '-h'],
      command: 'restart_process',
    },
  ])('$case', ({ argv, command }) => {
    const line = parse(argv);
    expect(line.kind).toBe('help');
    expect(line.kind === 'help' ? line.command?.name : 'not help').toBe(command);
  });
});

describe('parseCommandLine: usage errors', () => {
  it.each([
    { case: 'no command', argv: [], message: /no command given/ },
    { case: 'unknown command', argv: ['stat'], message: /unknown command "stat"/ },
    { case: 'help on an unknown command', argv: ['help', 'nope'], message: /unknown command "nope"/ },
    { case: 'unknown global option', argv: ['--verbose', 'sstate'], message: /--verbose/ },
    { case: 'unknown command option', argv: ['application_info', '--follow'], message: /--follow/ },
    {
      case: 'action without its strategy',
      argv: ['start_application'],
      message: /start_application expects STRATEGY \[NAME…\]/,
    },
    {
      case: 'too many arguments',
      argv: ['enable', 'a:b', 'n1', 'n2'],
      message: /enable expects NAMESPEC \[INSTANCE\]/,
    },
    {
      case: 'argument to a command that takes none',
      argv: ['sstate', 'x'],
      message: /sstate takes no argument/,
    },
    { case: '-s without its URL', argv: ['-s'], message: /-s/ },
    {
      case: 'a server that is not a URL',
      argv: ['-s', 'localhost:61100', 'sstate'],
      message: /not an http:\/\/ or https:\/\/ URL/,
    },
  ])('$case', ({ argv, message }) => {
    const line = parse(argv);
    expect(line.kind).toBe('usage-error');
    expect(line.kind === 'usage-error' ? line.message : '').toMatch(message);
  });
});
