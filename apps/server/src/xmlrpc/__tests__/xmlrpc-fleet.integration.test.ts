import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until, type TestFleet } from '../../__tests__/fleet-fixture';
import {
  fault,
  python as runPython,
  startScenarioFleet,
  value,
  type Answer,
  type Struct,
} from './xmlrpc-scenario';

/** The methods beyond the first seventeen, each called from Python's xmlrpc.client against real supervisord. */
describe('the rest of the Supvisors API at /RPC2', () => {
  let fleet: TestFleet;
  let ids: Record<string, string> = {};
  const python = <T extends Record<string, unknown>>(script: string, env?: Record<string, string>) =>
    runPython<T>(fleet.url, script, env);
  const state = () => fleet.service.store.state;
  const statename = async (node: string, namespec: string) =>
    (await fleet.nodes[node]!.client.getProcessInfo(namespec)).statename;
  const codes = (out: Record<string, Answer>) =>
    Object.fromEntries(Object.entries(out).map(([k, a]) => [k, 'fault' in a ? a.fault : a.value]));

  beforeAll(async () => {
    ({ fleet, ids } = await startScenarioFleet());
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('names supfleet as the Master and gives its strategies', async () => {
    const out = await python<Record<string, Answer>>(`out = {
    'master': call(lambda: proxy.supvisors.get_master_identifier()),
    'strategies': call(lambda: proxy.supvisors.get_strategies()),
    'methods': call(lambda: proxy.system.listMethods()),
}`);
    expect(value(out.master)).toBe(new URL(fleet.url).host);
    expect(value(out.strategies)).toEqual({
      'auto-fencing': false,
      starting: 'CONFIG',
      conciliation: 'USER',
      auto_start: false,
    });
    expect(value(out.methods as Answer<string[]>)).toEqual(
      expect.arrayContaining([
        'supvisors.test_start_application',
        'supvisors.test_start_process',
        'supvisors.start_any_process',
        'supvisors.enable',
        'supvisors.disable',
        'supvisors.restart_sequence',
        'supvisors.start_all',
        'supvisors.stop_all',
        'supvisors.restart',
        'supvisors.shutdown',
        'supvisors.update_numprocs',
      ]),
    );
  });

  it('test_start_application / test_start_process give the plan and start nothing', async () => {
    const out = await python<Record<string, Answer>>(`s = proxy.supvisors
out = {
    'app': call(lambda: s.test_start_application('CONFIG', 'scen1')),
    'db': call(lambda: s.test_start_process('LESS_LOADED', 'scen1:db')),
    'group': call(lambda: s.test_start_process('CONFIG', 'scen1:*')),
    'unmanaged': call(lambda: s.test_start_application('CONFIG', 'misc')),
    'unknown': call(lambda: s.test_start_application('CONFIG', 'nope')),
    'bad_strategy': call(lambda: s.test_start_application('FASTEST', 'scen1')),
}`);
    const plan = value(out.app as Answer<Struct[]>);
    expect(plan.map((p) => [p.rank, p.process_name, p.nick_identifier, p.outcome])).toEqual([
      [1, 'wait_mount_1', 'n1', 'planned'],
      [1, 'wait_mount_2', 'n2', 'planned'],
      [2, 'back', 'n2', 'planned'],
      [2, 'db', 'n3', 'planned'],
      [2, 'front', 'n1', 'planned'],
    ]);
    const front = plan.find((p) => p.process_name === 'front')!;
    expect(front).toMatchObject({ application_name: 'scen1', identifier: ids.n1, candidates: [ids.n1] });
    expect(front.refusals).toEqual([
      {
        identifier: ids.n2,
        nick_identifier: 'n2',
        kind: 'not-defined',
        reason: 'scen1:front is not defined on n2',
      },
      {
        identifier: ids.n3,
        nick_identifier: 'n3',
        kind: 'not-defined',
        reason: 'scen1:front is not defined on n3',
      },
    ]);
    expect(value(out.db as Answer<Struct[]>)).toEqual([
      expect.objectContaining({ process_name: 'db', identifier: ids.n3 }),
    ]);
    expect(value(out.group as Answer<Struct[]>)).toHaveLength(7);
    expect(codes({ u: out.unmanaged!, n: out.unknown!, b: out.bad_strategy! })).toEqual({
      u: 102,
      n: 10,
      b: 2,
    });
    expect(await statename('n1', 'scen1:front')).toBe('STOPPED');
    expect(fleet.service.store.jobs()).toEqual([]);
  });

  it('get_local_process_info reads one supervisord; disable / enable are honoured by starts', async () => {
    const out = await python<Record<string, Answer>>(`s = proxy.supvisors
out = {
    'local': call(lambda: s.get_local_process_info('scen1:front')),
    'local_elsewhere': call(lambda: s.get_local_process_info('scen1:front', 'n2')),
    'all_local': call(lambda: s.get_all_local_process_info('n3')),
    'disable': call(lambda: s.disable('front', True, 'n1')),
    'disabled_local': call(lambda: s.get_local_process_info('scen1:front')),
    'plan': call(lambda: s.test_start_process('CONFIG', 'scen1:front')),
    'start': call(lambda: s.start_process('CONFIG', 'scen1:front')),
    'unknown_program': call(lambda: s.disable('nope')),
    'enable': call(lambda: s.enable('front')),
    'enabled_local': call(lambda: s.get_local_process_info('scen1:front', 'n1')),
}`);
    expect(value(out.local)).toMatchObject({
      group: 'scen1',
      name: 'front',
      nick_identifier: 'n1',
      statename: 'STOPPED',
      extra_args: '',
      disabled: false,
    });
    expect(fault(out.local_elsewhere).fault).toBe(10);
    expect(value(out.all_local as Answer<Struct[]>).map((i) => i.name)).toEqual(['db']);
    expect(value(out.disable)).toBe(true);
    expect(value(out.disabled_local)).toMatchObject({ disabled: true });
    expect(value(out.plan as Answer<Struct[]>)[0]).toMatchObject({
      outcome: 'refused',
      refusals: [
        expect.objectContaining({ nick_identifier: 'n1', kind: 'disabled' }),
        expect.objectContaining({ kind: 'not-defined' }),
        expect.objectContaining({ kind: 'not-defined' }),
      ],
    });
    expect(fault(out.start).fault).toBe(40);
    expect(fault(out.start).message).toMatch(/disabled on n1/);
    expect(fault(out.unknown_program).fault).toBe(10);
    expect(value(out.enable)).toBe(true);
    expect(value(out.enabled_local)).toMatchObject({ disabled: false });
    expect(await statename('n1', 'scen1:front')).toBe('STOPPED');
  });

  it('start_any_process starts the first stopped match that can start, then the next', async () => {
    const out = await python<Record<string, Answer>>(`s = proxy.supvisors
out = {
    'first': call(lambda: s.start_any_process('CONFIG', r'^scen1:(db|front)$')),
    'second': call(lambda: s.start_any_process('CONFIG', r'^scen1:(db|front)$')),
    'none': call(lambda: s.start_any_process('CONFIG', r'^scen1:(db|front)$')),
    'bad_regex': call(lambda: s.start_any_process('CONFIG', '(')),
    'extra_args': call(lambda: s.start_any_process('CONFIG', 'db', '-v')),
}`);
    expect(codes(out)).toEqual({
      first: 'scen1:db',
      second: 'scen1:front',
      none: 30,
      bad_regex: 2,
      extra_args: 104,
    });
    expect(await statename('n3', 'scen1:db')).toBe('RUNNING');
    expect(await statename('n1', 'scen1:front')).toBe('RUNNING');
  });

  it('stop_all, start_all and restart_sequence run jobs over every managed application', async () => {
    const out = await python<Record<string, Answer>>(`s = proxy.supvisors
out = {}
out['stop_all'] = call(lambda: s.stop_all())
out['after_stop'] = call(lambda: s.get_application_info('scen1'))
out['start_all'] = call(lambda: s.start_all('CONFIG'))
out['after_start'] = call(lambda: s.get_application_info('scen1'))
out['restart_sequence'] = call(lambda: s.restart_sequence())
`);
    expect(value(out.stop_all)).toBe(true);
    expect(value(out.after_stop)).toMatchObject({ statename: 'STOPPED' });
    expect(value(out.start_all)).toBe(true);
    expect(value(out.after_start)).toMatchObject({ statename: 'RUNNING' });
    expect(value(out.restart_sequence)).toBe(true);
    const kinds = fleet.service.store
      .jobs()
      .filter((j) => j.target.type === 'all')
      .map((j) => [j.kind, j.cause ?? null]);
    expect(kinds).toEqual([
      ['stop', null],
      ['start', null],
      ['start', 'restart_sequence'],
    ]);
    // misc is unmanaged: never orchestrated.
    expect(await statename('n1', 'misc:tool')).toBe('STOPPED');
  });

  it('conciliate applies a strategy to the conflicts in CONCILIATION only; USER answers False', async () => {
    const before = await python<Record<string, Answer>>(
      `out = {'c': call(lambda: proxy.supvisors.conciliate('SENICIDE'))}`,
    );
    expect(fault(before.c).fault).toBe(101);
    await fleet.nodes.n1!.client.startProcess('scen1:dup', true);
    await fleet.nodes.n2!.client.startProcess('scen1:dup', true);
    await until(fleet.service, () => state().processes['scen1:dup']?.conflict === true, 10_000, 'conflict');
    const out = await python<Record<string, Answer>>(`s = proxy.supvisors
out = {'user': call(lambda: s.conciliate('USER')), 'bad': call(lambda: s.conciliate(9)), 'senicide': call(lambda: s.conciliate(0))}`);
    expect(codes(out)).toEqual({ user: false, bad: 2, senicide: true });
    await until(
      fleet.service,
      () => state().processes['scen1:dup']?.runningOn.length === 1,
      10_000,
      'conciliated',
    );
  });

  it('processes of an unmanaged application are started and stopped one by one, never orchestrated', async () => {
    const out = await python<Record<string, Answer>>(`s = proxy.supvisors
out = {}
out['app'] = call(lambda: s.start_application('CONFIG', 'misc'))
out['plan'] = call(lambda: s.test_start_application('CONFIG', 'misc'))
out['start'] = call(lambda: s.start_process('CONFIG', 'misc:tool'))
out['running'] = call(lambda: s.get_process_info('misc:tool'))
out['stop'] = call(lambda: s.stop_process('misc:*'))
out['stopped'] = call(lambda: s.get_process_info('misc:tool'))
`);
    expect(codes({ app: out.app!, plan: out.plan!, start: out.start!, stop: out.stop! })).toEqual({
      app: 102,
      plan: 102,
      start: true,
      stop: true,
    });
    expect(value(out.running as Answer<Struct[]>)[0]).toMatchObject({ statename: 'RUNNING' });
    expect(value(out.stopped as Answer<Struct[]>)[0]).toMatchObject({ statename: 'STOPPED' });
  });

  it('answers NOT_APPLICABLE, with the reason, for what only supervisord itself can do', async () => {
    const out = await python<Record<string, Answer>>(`s = proxy.supvisors
out = {
    'update_numprocs': call(lambda: s.update_numprocs('front', 2)),
    'start_args': call(lambda: s.start_args('scen1:front', '-v')),
    'extra_args': call(lambda: s.start_process('CONFIG', 'scen1:front', '-v')),
}`);
    expect(codes(out)).toEqual({ update_numprocs: 104, start_args: 104, extra_args: 104 });
    expect(fault(out.update_numprocs).message).toMatch(
      /^NOT_APPLICABLE: update_numprocs cannot be honoured from outside supervisord: /,
    );
  });

  it('restart and shutdown need confirm=True; restart stops the applications and restarts every supervisord', async () => {
    const out = await python<Record<string, Answer>>(`s = proxy.supvisors
out = {'restart': call(lambda: s.restart()), 'shutdown': call(lambda: s.shutdown())}`);
    expect(codes(out)).toEqual({ restart: 2, shutdown: 2 });
    expect(fault(out.restart).message).toMatch(/call restart\(True\) to confirm/);
    expect(await statename('n3', 'scen1:db')).toBe('RUNNING');

    const confirmed = await python<Record<string, Answer>>(
      `out = {'restart': call(lambda: proxy.supvisors.restart(True))}`,
    );
    expect(value(confirmed.restart)).toBe(true);
    expect(fleet.service.store.jobs().at(-1)).toMatchObject({
      kind: 'stop',
      target: { type: 'all' },
      state: 'succeeded',
    });
    // Each supervisord restarts in place (same pid, same port) and answers again.
    await until(
      fleet.service,
      () =>
        Object.values(state().instances).every((i) => i.state === 'RUNNING') &&
        state().applications.scen1?.state === 'STOPPED',
      20_000,
      'instances back',
    );
    await until(fleet.service, () => Object.keys(state().processes).length === 8, 10_000, 'processes back');
  });
});
