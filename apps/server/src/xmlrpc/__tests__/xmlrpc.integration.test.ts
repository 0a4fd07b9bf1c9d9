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

describe('Supvisors-compatible XML-RPC at /RPC2, called by Python clients', () => {
  let fleet: TestFleet;
  let ids: Record<string, string> = {};

  const python = <T extends Record<string, unknown>>(script: string, env?: Record<string, string>) =>
    runPython<T>(fleet.url, script, env);
  const processes = () => fleet.service.store.state.processes;

  beforeAll(async () => {
    ({ fleet, ids } = await startScenarioFleet());
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('describes the service and its instances as Supvisors does', async () => {
    const out = await python<Record<string, Answer>>(
      `out = {
    'version': call(lambda: proxy.supvisors.get_api_version()),
    'state': call(lambda: proxy.supvisors.get_supvisors_state()),
    'all': call(lambda: proxy.supvisors.get_all_instances_info()),
    'n2': call(lambda: proxy.supvisors.get_instance_info('n2')),
    'n2_by_identifier': call(lambda: proxy.supvisors.get_instance_info(os.environ['N2'])),
    'unknown': call(lambda: proxy.supvisors.get_instance_info('nowhere')),
    'now': time.time(),
}`,
      { N2: ids.n2! },
    );
    expect(out.version).toEqual({ value: '0.19' });
    expect(value(out.state)).toMatchObject({
      identifier: new URL(fleet.url).host,
      fsm_statecode: 4,
      fsm_statename: 'OPERATION',
      degraded_mode: false,
      discovery_mode: false,
      starting_jobs: [],
      stopping_jobs: [],
      instance_states: { [ids.n1!]: 'RUNNING', [ids.n2!]: 'RUNNING', [ids.n3!]: 'RUNNING' },
    });

    const all = value(out.all as Answer<Struct[]>);
    expect(all.map((i) => i.identifier)).toEqual(Object.values(ids).sort());
    const n2 = all.find((i) => i.nick_identifier === 'n2');
    expect(n2).toMatchObject({
      identifier: ids.n2,
      node_name: 'n2',
      port: fleet.nodes.n2!.port,
      statecode: 3,
      statename: 'RUNNING',
      loading: 0,
      process_failure: false,
    });
    expect(Math.abs((n2!.local_time as number) - (out.now as unknown as number))).toBeLessThan(5);
    expect(Object.keys(n2!).sort()).toEqual([
      'identifier',
      'loading',
      'local_mtime',
      'local_sequence_counter',
      'local_time',
      'nick_identifier',
      'node_name',
      'port',
      'process_failure',
      'remote_mtime',
      'remote_sequence_counter',
      'remote_time',
      'statecode',
      'statename',
    ]);
    expect(value(out.n2)).toEqual([
      expect.objectContaining({ identifier: ids.n2, nick_identifier: 'n2', statename: 'RUNNING' }),
    ]);
    expect(value(out.n2_by_identifier as Answer<Struct[]>)[0]?.nick_identifier).toBe('n2');
    expect(out.unknown).toEqual({
      fault: 10,
      message: 'BAD_NAME: identifier=nowhere is unknown to Supvisors',
    });
  });

  it('describes applications, processes and rules, managed or not', async () => {
    const out = await python<Record<string, Answer>>(`out = {
    'scen1': call(lambda: proxy.supvisors.get_application_info('scen1')),
    'apps': call(lambda: proxy.supvisors.get_all_applications_info()),
    'scen1_rules': call(lambda: proxy.supvisors.get_application_rules('scen1')),
    'misc_rules': call(lambda: proxy.supvisors.get_application_rules('misc')),
    'group': call(lambda: proxy.supvisors.get_process_info('scen1:*')),
    'front': call(lambda: proxy.supvisors.get_process_info('scen1:front')),
    'wait_rules': call(lambda: proxy.supvisors.get_process_rules('scen1:wait_mount_1')),
    'all': call(lambda: proxy.supvisors.get_all_process_info()),
    'conflicts': call(lambda: proxy.supvisors.get_conflicts()),
    'no_app': call(lambda: proxy.supvisors.get_application_info('nope')),
    'no_process': call(lambda: proxy.supvisors.get_process_info('scen1:nope')),
    'no_group': call(lambda: proxy.supvisors.get_process_rules('nope:*')),
}`);
    expect(value(out.scen1)).toEqual({
      application_name: 'scen1',
      managed: true,
      statecode: 0,
      statename: 'STOPPED',
      major_failure: false,
      minor_failure: false,
    });
    expect(value(out.apps as Answer<Struct[]>).map((a) => [a.application_name, a.managed])).toEqual([
      ['misc', false],
      ['scen1', true],
    ]);
    expect(value(out.scen1_rules)).toEqual({
      application_name: 'scen1',
      managed: true,
      distribution: 'ALL_INSTANCES',
      identifiers: ['*'],
      start_sequence: 1,
      stop_sequence: 1,
      starting_strategy: 'CONFIG',
      starting_failure_strategy: 'CONTINUE',
      running_failure_strategy: 'CONTINUE',
      status_formula: '',
    });
    expect(value(out.misc_rules)).toEqual({ application_name: 'misc', managed: false });

    const group = value(out.group as Answer<Struct[]>);
    expect(group.map((p) => p.process_name)).toEqual([
      'back',
      'broken',
      'db',
      'dup',
      'front',
      'wait_mount_1',
      'wait_mount_2',
    ]);
    expect(value(out.front)).toMatchObject([
      {
        application_name: 'scen1',
        process_name: 'front',
        statecode: 0,
        statename: 'STOPPED',
        identifiers: [],
        extra_args: '',
      },
    ]);
    const [front] = value(out.front as Answer<Struct[]>);
    expect([typeof front?.expected_exit, typeof front?.last_event_time]).toEqual(['boolean', 'number']);
    expect(value(out.wait_rules)).toEqual([
      {
        application_name: 'scen1',
        process_name: 'wait_mount_1',
        identifiers: ['*'],
        start_sequence: 1,
        stop_sequence: 1,
        required: true,
        wait_exit: true,
        expected_loading: 2,
        starting_failure_strategy: 'CONTINUE',
        running_failure_strategy: 'CONTINUE',
      },
    ]);
    expect(value(out.all as Answer<Struct[]>)).toHaveLength(8);
    expect(out.conflicts).toEqual({ value: [] });
    expect(out.no_app).toEqual({ fault: 10, message: 'BAD_NAME: application=nope unknown to Supvisors' });
    expect(out.no_process).toEqual({
      fault: 10,
      message: 'BAD_NAME: process=nope unknown in application=scen1',
    });
    expect(out.no_group).toMatchObject({ fault: 10 });
  });

  it("runs the seed's snippet: getRPCInterface restarts scen1, which comes back RUNNING on its three nodes", async () => {
    const out = await python<Record<string, Answer>>(`proxy = getRPCInterface({'SUPERVISOR_SERVER_URL': URL})
out = {
    'restart': call(lambda: proxy.supvisors.restart_application('CONFIG', 'scen1')),
    'info': call(lambda: proxy.supvisors.get_application_info('scen1')),
    'front': call(lambda: proxy.supvisors.get_process_info('scen1:front')),
    'monotonic': time.monotonic(),
}`);
    expect(out.restart).toEqual({ value: true });
    expect(value(out.info)).toEqual({
      application_name: 'scen1',
      managed: true,
      statecode: 2,
      statename: 'RUNNING',
      major_failure: false,
      minor_failure: false,
    });
    const [front] = value(out.front as Answer<Struct[]>);
    expect(front).toMatchObject({ statename: 'RUNNING', statecode: 20, identifiers: [ids.n1] });
    // Same clock as Python's time.monotonic() on this host, as Supvisors' last_event_time is.
    const monotonic = out.monotonic as unknown as number;
    expect(front!.last_event_time as number).toBeLessThanOrEqual(monotonic + 0.1);
    expect(front!.last_event_time as number).toBeGreaterThan(monotonic - 30);

    const onNodes = await Promise.all(
      Object.entries(fleet.nodes).map(async ([id, node]) =>
        (await node.client.getAllProcessInfo()).map((p) => `${id}:${p.group}:${p.name}=${p.statename}`),
      ),
    );
    expect(onNodes.flat().sort()).toEqual([
      'n1:misc:tool=STOPPED',
      'n1:scen1:broken=STOPPED',
      'n1:scen1:dup=STOPPED',
      'n1:scen1:front=RUNNING',
      'n1:scen1:wait_mount_1=EXITED',
      'n2:scen1:back=RUNNING',
      'n2:scen1:dup=STOPPED',
      'n2:scen1:wait_mount_2=EXITED',
      'n3:scen1:db=RUNNING',
    ]);
  });

  it("refuses what Supvisors refuses, with Supvisors' fault codes, and changes nothing", async () => {
    const out = await python<Record<string, Answer>>(`s = proxy.supvisors
out = {
    'already_started': call(lambda: s.start_application('CONFIG', 'scen1')),
    'bad_strategy': call(lambda: s.start_application('BOGUS', 'scen1')),
    'bad_strategy_value': call(lambda: s.start_application(7, 'scen1')),
    'unknown_app': call(lambda: s.start_application('CONFIG', 'nope')),
    'unmanaged_start': call(lambda: s.start_application('CONFIG', 'misc')),
    'unmanaged_stop': call(lambda: s.stop_application('misc')),
    'unmanaged_restart': call(lambda: s.restart_application('CONFIG', 'misc')),
    'process_running': call(lambda: s.start_process('CONFIG', 'scen1:front')),
    'extra_args': call(lambda: s.start_process('CONFIG', 'scen1:dup', '-v')),
    'not_running': call(lambda: s.stop_process('scen1:dup')),
    'missing_param': call(lambda: s.start_application('CONFIG')),
    'extra_param': call(lambda: s.stop_application('scen1', True, 'more')),
    'wrong_type': call(lambda: s.stop_application('scen1', 'yes')),
    'unknown_method': call(lambda: s.get_all_host_statistics()),
}`);
    const codes = Object.fromEntries(
      Object.entries(out).map(([k, a]) => [k, 'fault' in a ? a.fault : 'value']),
    );
    expect(codes).toEqual({
      already_started: 60,
      bad_strategy: 2,
      bad_strategy_value: 2,
      unknown_app: 10,
      unmanaged_start: 102,
      unmanaged_stop: 102,
      unmanaged_restart: 102,
      process_running: 60,
      extra_args: 104,
      not_running: 70,
      missing_param: 2,
      extra_param: 2,
      wrong_type: 2,
      unknown_method: 1,
    });
    expect(out.already_started).toMatchObject({ message: 'ALREADY_STARTED: scen1' });
    expect(fault(out.bad_strategy).message).toMatch(
      /^INCORRECT_PARAMETERS: invalid StartingStrategies value=BOGUS/,
    );
    expect(out.unmanaged_start).toMatchObject({ message: 'NOT_MANAGED: misc' });
    expect(fleet.service.store.state.applications.scen1?.state).toBe('RUNNING');
    expect(processes()['scen1:dup']?.state).toBe('STOPPED');
  });

  it('stops and starts processes: wait=True answers when the job has ended, wait=False at once', async () => {
    const out = await python<Record<string, Answer | number>>(`s = proxy.supvisors
out = {}
out['stop'] = call(lambda: s.stop_process('scen1:front'))
out['stopped'] = call(lambda: s.get_process_info('scen1:front'))
out['start'] = call(lambda: s.start_process(1, 'scen1:front', '', True))
out['started'] = call(lambda: s.get_process_info('scen1:front'))
out['broken'] = call(lambda: s.start_process('CONFIG', 'scen1:broken'))
out['broken_info'] = call(lambda: s.get_process_info('scen1:broken'))
out['n1'] = call(lambda: s.get_instance_info('n1'))
out['stop_nowait'] = call(lambda: s.stop_process('scen1:back', False))
out['returned_at'] = time.time()
`);
    expect(out.stop).toEqual({ value: true });
    expect(value(out.stopped as Answer<Struct[]>)[0]).toMatchObject({
      statename: 'STOPPED',
      identifiers: [],
    });
    expect(out.start).toEqual({ value: true });
    expect(value(out.started as Answer<Struct[]>)[0]).toMatchObject({
      statename: 'RUNNING',
      identifiers: [ids.n1],
    });

    expect(fault(out.broken as Answer).fault).toBe(70);
    expect(fault(out.broken as Answer).message).toMatch(/^NOT_RUNNING: processes=\[scen1:broken\]/);
    expect(value(out.broken_info as Answer<Struct[]>)[0]).toMatchObject({
      statename: 'FATAL',
      statecode: 200,
    });
    expect(value(out.n1 as Answer<Struct[]>)[0]).toMatchObject({ process_failure: true });

    expect(out.stop_nowait).toEqual({ value: true });
    const job = fleet.service.store.jobs().find((j) => j.kind === 'stop' && j.target.name === 'scen1:back');
    expect(job).toBeDefined();
    await until(
      fleet.service,
      () => fleet.service.store.job(job!.id)?.state !== 'running',
      15_000,
      'back stopped',
    );
    const ended = fleet.service.store.job(job!.id)!;
    expect(ended.state).toBe('succeeded');
    expect(ended.endedAt!).toBeGreaterThan((out.returned_at as number) * 1000);

    const restarted = await python<Record<string, Answer>>(
      `out = {'start': call(lambda: proxy.supvisors.start_process('CONFIG', 'scen1:*'))}`,
    );
    expect(restarted.start).toMatchObject({ fault: 60, message: 'ALREADY_STARTED: scen1:db' });
    const back = await python<Record<string, Answer>>(
      `out = {'start': call(lambda: proxy.supvisors.start_process('CONFIG', 'scen1:back'))}`,
    );
    expect(back.start).toEqual({ value: true });
    expect(processes()['scen1:back']?.state).toBe('RUNNING');
  });

  it('serves the system namespace as supervisord does, multicall included', async () => {
    const out = await python<Record<string, Answer>>(`out = {
    'methods': call(lambda: proxy.system.listMethods()),
    'help': call(lambda: proxy.system.methodHelp('supvisors.start_process')),
    'no_help': call(lambda: proxy.system.methodHelp('supvisors.nope')),
    'signature': call(lambda: proxy.system.methodSignature('supvisors.stop_application')),
    'multi': call(lambda: proxy.system.multicall([
        {'methodName': 'supvisors.get_api_version', 'params': []},
        {'methodName': 'supvisors.get_application_info', 'params': ['nope']},
        {'methodName': 'system.multicall', 'params': [[]]},
        {'methodName': 'supvisors.get_application_info', 'params': ['scen1']},
    ])),
}`);
    expect(value(out.methods)).toEqual([
      'supvisors.change_log_level',
      'supvisors.conciliate',
      'supvisors.disable',
      'supvisors.enable',
      'supvisors.end_sync',
      'supvisors.get_all_applications_info',
      'supvisors.get_all_instances_info',
      'supvisors.get_all_local_process_info',
      'supvisors.get_all_process_info',
      'supvisors.get_api_version',
      'supvisors.get_application_info',
      'supvisors.get_application_rules',
      'supvisors.get_conflicts',
      'supvisors.get_instance_info',
      'supvisors.get_local_process_info',
      'supvisors.get_master_identifier',
      'supvisors.get_process_info',
      'supvisors.get_process_rules',
      'supvisors.get_strategies',
      'supvisors.get_supvisors_state',
      'supvisors.lazy_update_numprocs',
      'supvisors.restart',
      'supvisors.restart_application',
      'supvisors.restart_process',
      'supvisors.restart_sequence',
      'supvisors.shutdown',
      'supvisors.start_all',
      'supvisors.start_any_process',
      'supvisors.start_application',
      'supvisors.start_args',
      'supvisors.start_process',
      'supvisors.stop_all',
      'supvisors.stop_application',
      'supvisors.stop_process',
      'supvisors.test_start_application',
      'supvisors.test_start_process',
      'supvisors.update_numprocs',
      'system.listMethods',
      'system.methodHelp',
      'system.methodSignature',
      'system.multicall',
    ]);
    expect(value(out.help as Answer<string>)).toMatch(/@param string strategy[\s\S]*@param boolean wait/);
    expect(out.no_help).toEqual({ fault: 4, message: 'SIGNATURE_UNSUPPORTED' });
    expect(value(out.signature)).toEqual(['boolean', 'string', 'boolean']);
    const [version, unknown, recursive, scen1] = value(out.multi as Answer<unknown[]>);
    expect(version).toBe('0.19');
    expect(unknown).toEqual({
      faultCode: 10,
      faultString: 'BAD_NAME: application=nope unknown to Supvisors',
    });
    expect(recursive).toEqual({
      faultCode: 2,
      faultString: 'INCORRECT_PARAMETERS: Recursive system.multicall forbidden',
    });
    expect(scen1).toMatchObject({ application_name: 'scen1', statename: 'RUNNING' });
  });

  it('reports a conflict, refuses starts until it is solved (CONCILIATION), and lets stop_process solve it', async () => {
    await Promise.all([
      fleet.nodes.n1!.client.startProcess('scen1:dup', true),
      fleet.nodes.n2!.client.startProcess('scen1:dup', true),
    ]);
    await until(fleet.service, () => processes()['scen1:dup']?.conflict === true, 10_000, 'dup in conflict');

    const out = await python<Record<string, Answer>>(`s = proxy.supvisors
out = {}
out['conflicts'] = call(lambda: s.get_conflicts())
out['state'] = call(lambda: s.get_supvisors_state())
out['start'] = call(lambda: s.restart_application('CONFIG', 'scen1'))
out['stop'] = call(lambda: s.stop_process('scen1:dup'))
out['after'] = call(lambda: s.get_conflicts())
out['state_after'] = call(lambda: s.get_supvisors_state())
`);
    const [conflict] = value(out.conflicts as Answer<Struct[]>);
    expect(conflict).toMatchObject({ application_name: 'scen1', process_name: 'dup', statename: 'RUNNING' });
    expect((conflict!.identifiers as string[]).sort()).toEqual([ids.n1, ids.n2].sort());
    expect(value(out.state)).toMatchObject({ fsm_statecode: 5, fsm_statename: 'CONCILIATION' });
    expect(fault(out.start).fault).toBe(101);
    expect(fault(out.start).message).toMatch(/^BAD_SUPVISORS_STATE: invalid Supvisors state=CONCILIATION/);
    expect(out.stop).toEqual({ value: true });
    expect(out.after).toEqual({ value: [] });
    expect(value(out.state_after)).toMatchObject({ fsm_statecode: 4, fsm_statename: 'OPERATION' });
  });

  it('shows a lost instance as Supvisors does: STOPPED, the service degraded, its process FATAL', async () => {
    await fleet.nodes.n3!.kill();
    await until(
      fleet.service,
      () => fleet.service.store.state.instances.n3?.state === 'SILENT',
      5_000,
      'n3 SILENT',
    );
    const out = await python<Record<string, Answer>>(`out = {
    'n3': call(lambda: proxy.supvisors.get_instance_info('n3')),
    'state': call(lambda: proxy.supvisors.get_supvisors_state()),
    'db': call(lambda: proxy.supvisors.get_process_info('scen1:db')),
}`);
    expect(value(out.n3 as Answer<Struct[]>)[0]).toMatchObject({
      nick_identifier: 'n3',
      statecode: 0,
      statename: 'STOPPED',
    });
    expect(value(out.state)).toMatchObject({
      degraded_mode: true,
      instance_states: { [ids.n3!]: 'STOPPED' },
    });
    expect(value(out.db as Answer<Struct[]>)[0]).toMatchObject({
      statename: 'FATAL',
      statecode: 200,
      identifiers: [],
    });
  });
});
