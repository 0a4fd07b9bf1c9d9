"""supervisorctl plugin adding supvisorsctl's commands, answered by a supfleet service.

Load it with, in the file supervisorctl reads (-c FILE), and this directory on PYTHONPATH:

    [ctlplugin:supfleet]
    supervisor.ctl_factory = supfleet_ctl:make_supfleet_controller_plugin
    supfleet_url = http://127.0.0.1:61100
    ; username / password: supfleet's api credentials; default: those of [supervisorctl]

Python 3 standard library plus the `supervisor` package supervisorctl itself runs on.
"""

import xmlrpc.client

from supervisor import xmlrpc as supervisor_xmlrpc
from supervisor.supervisorctl import ControllerPluginBase, LSBInitExitStatuses

STRATEGIES = ('CONFIG', 'LESS_LOADED', 'MOST_LOADED', 'LOCAL', 'LESS_LOADED_NODE', 'MOST_LOADED_NODE')
CONCILIATIONS = ('SENICIDE', 'INFANTICIDE', 'USER', 'STOP', 'RESTART', 'RUNNING_FAILURE')
PROCESS_EXITED = 100


def _table(rows, columns):
    """Supvisors' layout: each column as wide as its widest value or title, plus 2."""
    widths = [max([len(title)] + [len(str(row[key])) for row in rows]) + 2 for title, key in columns]
    lines = [''.join(title.ljust(width) for (title, _), width in zip(columns, widths)).rstrip()]
    for row in rows:
        lines.append(''.join(str(row[key]).ljust(width) for (_, key), width in zip(columns, widths)).rstrip())
    return lines


class SupfleetControllerPlugin(ControllerPluginBase):
    """The commands of supvisorsctl, sent to supfleet's Supvisors-compatible XML-RPC at supfleet_url."""

    name = 'supfleet'

    def __init__(self, controller, supfleet_url='http://127.0.0.1:61100', username=None, password=None, **_):
        super().__init__(controller)
        self.url = supfleet_url.rstrip('/')
        self.username = username
        self.password = password
        # supervisorctl asks every plugin for `help TOPIC`: the default one must stay quiet on ours.
        for plugin in controller.options.plugins:
            for name in dir(self):
                if name.startswith('help_') and not hasattr(plugin, name):
                    setattr(plugin, name, lambda: None)

    def do_help(self, arg):
        # ... and this one on the default plugin's topics.
        if arg and not hasattr(self, 'help_' + arg.strip()):
            return
        super().do_help(arg)

    # --- plumbing -----------------------------------------------------------------------------
    def supvisors(self):
        """A proxy to supfleet's supvisors namespace, with supfleet's credentials or supervisorctl's."""
        username = self.username if self.username is not None else self.ctl.options.username
        password = self.password if self.password is not None else self.ctl.options.password
        transport = supervisor_xmlrpc.SupervisorTransport(username, password, self.url)
        return xmlrpc.client.ServerProxy('http://127.0.0.1', transport).supvisors

    def _out(self, line):
        self.ctl.output(line)

    def _fail(self, line, status=LSBInitExitStatuses.GENERIC):
        self.ctl.output(line)
        self.ctl.exitstatus = status

    def _call(self, label, method, *args):
        """The answer, or None after printing `label: ERROR (fault)` as supvisorsctl does."""
        try:
            return getattr(self.supvisors(), method)(*args)
        except xmlrpc.client.Fault as fault:
            self._fail(f'{label + ": " if label else ""}ERROR ({fault.faultString})')
        except OSError as error:
            self._fail(f'ERROR: supfleet at {self.url} is not reachable ({error})')
        return None

    def _strategy(self, command, args, choices=STRATEGIES):
        if not args or args[0] not in choices:
            self._fail(f'ERROR: {command} needs a strategy first: one of {", ".join(choices)}',
                       LSBInitExitStatuses.INVALID_ARGS)
            getattr(self, 'help_' + command)()
            return None
        return args[0]

    def _managed(self, names, alternative):
        """Names given (or every managed application), unmanaged ones told how to act on them."""
        infos = self._call('', 'get_all_applications_info')
        if infos is None:
            return []
        managed = {info['application_name']: info['managed'] for info in infos}
        if not names or 'all' in names:
            return sorted(name for name, is_managed in managed.items() if is_managed)
        chosen = []
        for name in names:
            if name not in managed:
                self._fail(f'{name}: ERROR (no such application)', LSBInitExitStatuses.INVALID_ARGS)
            elif not managed[name]:
                self._out(f'{name}: IGNORED (unmanaged: use {alternative} {name}:* for its processes one by one)')
            else:
                chosen.append(name)
        return chosen

    def _namespecs(self, names):
        if names and 'all' not in names:
            return names
        infos = self._call('', 'get_all_process_info') or []
        return [f"{info['application_name']}:{info['process_name']}" for info in infos]

    # --- status -------------------------------------------------------------------------------
    def do_sversion(self, _):
        version = self._call('', 'get_api_version')
        if version is not None:
            self._out(version)

    def help_sversion(self):
        self._out('sversion\t\t\t\tGet the API version of Supvisors (as supfleet follows it).')

    def do_sstate(self, _):
        state = self._call('', 'get_supvisors_state')
        if state is not None:
            row = {'state': state['fsm_statename'], 'discovery': state['discovery_mode'],
                   'starting': state['starting_jobs'], 'stopping': state['stopping_jobs']}
            for line in _table([row], [('State', 'state'), ('Discovery', 'discovery'),
                                       ('Starting', 'starting'), ('Stopping', 'stopping')]):
                self._out(line)

    def help_sstate(self):
        self._out('sstate\t\t\t\t\tGet the Supvisors state.')

    def do_master(self, _):
        master = self._call('', 'get_master_identifier')
        if master is not None:
            self._out(master)

    def help_master(self):
        self._out('master\t\t\t\t\tGet the Master: supfleet itself.')

    def do_strategies(self, _):
        strategies = self._call('', 'get_strategies')
        if strategies is not None:
            self._out(f"Auto-fencing: {strategies['auto-fencing']}")
            self._out(f"Conciliation: {strategies['conciliation']}")
            self._out(f"Starting:     {strategies['starting']}")
            self._out(f"Auto start:   {strategies.get('auto_start', False)}")

    def help_strategies(self):
        self._out('strategies\t\t\t\tGet the strategies applied.')

    def do_instance_status(self, arg):
        infos = self._call('', 'get_all_instances_info')
        if infos is None:
            return
        wanted = arg.split()
        rows = [{'identifier': i['identifier'], 'nick': i['nick_identifier'], 'node': i['node_name'],
                 'port': i['port'], 'state': i['statename'], 'load': f"{i['loading']}%",
                 'failure': i['process_failure']}
                for i in infos
                if not wanted or 'all' in wanted or i['identifier'] in wanted or i['nick_identifier'] in wanted]
        for line in _table(rows, [('Supervisor', 'identifier'), ('Nick', 'nick'), ('Node', 'node'),
                                  ('Port', 'port'), ('State', 'state'), ('Load', 'load'),
                                  ('Failure', 'failure')]):
            self._out(line)

    def help_instance_status(self):
        self._out('instance_status <identifier>\t\t\tGet the status of the Supervisor instance.')
        self._out('instance_status <identifier> <identifier>\tGet the status of several instances.')
        self._out('instance_status\t\t\t\tGet the status of all instances.')

    def do_application_info(self, arg):
        infos = self._call('', 'get_all_applications_info')
        if infos is None:
            return
        wanted = arg.split()
        known = {info['application_name'] for info in infos}
        for name in wanted:
            if name != 'all' and name not in known:
                self._fail(f'{name}: ERROR (no such application)', LSBInitExitStatuses.INVALID_ARGS)
        rows = [{'name': i['application_name'], 'state': i['statename'],
                 'major': i['major_failure'], 'minor': i['minor_failure']}
                for i in infos if not wanted or 'all' in wanted or i['application_name'] in wanted]
        for line in _table(rows, [('Application', 'name'), ('State', 'state'),
                                  ('Major', 'major'), ('Minor', 'minor')]):
            self._out(line)

    def help_application_info(self):
        self._out('application_info <appli>\t\tGet the status of the application named appli.')
        self._out('application_info <appli> <appli>\tGet the status of several applications.')
        self._out('application_info\t\t\tGet the status of all applications.')

    def do_application_rules(self, arg):
        names = arg.split()
        if not names or 'all' in names:
            names = [i['application_name'] for i in (self._call('', 'get_all_applications_info') or [])]
        rows = []
        for name in names:
            rules = self._call(name, 'get_application_rules', name)
            if rules is None:
                continue
            managed = rules['managed']
            rows.append({'name': name, 'managed': managed,
                         'distribution': rules.get('distribution', 'n/a'),
                         'identifiers': rules.get('identifiers', 'n/a'),
                         'start': rules.get('start_sequence', 'n/a'), 'stop': rules.get('stop_sequence', 'n/a'),
                         'starting': rules.get('starting_strategy', 'n/a'),
                         'starting_failure': rules.get('starting_failure_strategy', 'n/a'),
                         'running_failure': rules.get('running_failure_strategy', 'n/a')})
        if rows:
            for line in _table(rows, [('Application', 'name'), ('Managed', 'managed'),
                                      ('Distribution', 'distribution'), ('Supervisor', 'identifiers'),
                                      ('Start', 'start'), ('Stop', 'stop'), ('Starting', 'starting'),
                                      ('Starting_Failure', 'starting_failure'),
                                      ('Running_Failure', 'running_failure')]):
                self._out(line)

    def help_application_rules(self):
        self._out('application_rules <appli>\t\tGet the rules of the application named appli.')
        self._out('application_rules\t\t\tGet the rules of all applications.')

    def do_sstatus(self, arg):
        names = arg.split()
        if not names or 'all' in names:
            infos = self._call('', 'get_all_process_info') or []
        else:
            infos = []
            for name in names:
                infos.extend(self._call(name, 'get_process_info', name) or [])
        rows = [{'appli': i['application_name'], 'proc': i['process_name'], 'state': i['statename'],
                 'expected': i['expected_exit'] if i['statecode'] == PROCESS_EXITED else 'n/a',
                 'identifiers': i['identifiers']} for i in infos]
        if rows:
            for line in _table(rows, [('Application', 'appli'), ('Process', 'proc'), ('State', 'state'),
                                      ('Expected', 'expected'), ('Supervisor', 'identifiers')]):
                self._out(line)

    def help_sstatus(self):
        self._out('sstatus <proc>\t\t\t\tGet the status of the process named proc.')
        self._out('sstatus <appli>:*\t\t\tGet the status of the processes of appli.')
        self._out('sstatus\t\t\t\t\tGet the status of all processes.')

    def do_local_status(self, arg):
        rows = []
        for namespec in self._namespecs(arg.split()):
            info = self._call(namespec, 'get_local_process_info', namespec)
            if info is not None:
                rows.append({'appli': info['group'], 'proc': info['name'], 'where': info['nick_identifier'],
                             'disabled': info['disabled'], 'state': info['statename'], 'pid': info['pid'],
                             'args': info['extra_args']})
        if rows:
            for line in _table(rows, [('Application', 'appli'), ('Process', 'proc'), ('Supervisor', 'where'),
                                      ('Disabled', 'disabled'), ('State', 'state'), ('PID', 'pid'),
                                      ('Extra args', 'args')]):
                self._out(line)

    def help_local_status(self):
        self._out('local_status <proc>\t\t\tGet the status of proc as its supervisord sees it.')
        self._out('local_status\t\t\t\tThe same for all processes.')

    def do_process_rules(self, arg):
        rows = []
        for namespec in self._namespecs(arg.split()):
            for rules in self._call(namespec, 'get_process_rules', namespec) or []:
                rows.append({'appli': rules['application_name'], 'proc': rules['process_name'],
                             'start': rules['start_sequence'], 'stop': rules['stop_sequence'],
                             'required': rules['required'], 'wait_exit': rules['wait_exit'],
                             'load': f"{rules['expected_loading']}%",
                             'strategy': rules['running_failure_strategy'], 'identifiers': rules['identifiers']})
        if rows:
            for line in _table(rows, [('Application', 'appli'), ('Process', 'proc'), ('Start', 'start'),
                                      ('Stop', 'stop'), ('Required', 'required'), ('WaitExit', 'wait_exit'),
                                      ('Loading', 'load'), ('Strategy', 'strategy'),
                                      ('Supervisor', 'identifiers')]):
                self._out(line)

    def help_process_rules(self):
        self._out('process_rules <proc>\t\t\tGet the rules of the process named proc.')
        self._out('process_rules\t\t\t\tGet the rules of all processes.')

    def do_conflicts(self, _):
        conflicts = self._call('', 'get_conflicts')
        if conflicts:
            rows = [{'appli': c['application_name'], 'proc': c['process_name'], 'state': c['statename'],
                     'identifiers': c['identifiers']} for c in conflicts]
            for line in _table(rows, [('Application', 'appli'), ('Process', 'proc'), ('State', 'state'),
                                      ('Supervisor', 'identifiers')]):
                self._out(line)

    def help_conflicts(self):
        self._out('conflicts\t\t\t\tGet the conflicts among managed applications.')

    # --- fleet control ------------------------------------------------------------------------
    def do_conciliate(self, arg):
        strategy = self._strategy('conciliate', arg.split(), CONCILIATIONS)
        if strategy is not None:
            result = self._call('', 'conciliate', strategy)
            if result is not None:
                self._out(f'conciliate: {"triggered" if result else "nothing done (USER)"}')

    def help_conciliate(self):
        self._out(f'conciliate <strategy>\t\t\tConciliate the conflicts; strategy in {", ".join(CONCILIATIONS)}.')

    def do_restart_sequence(self, _):
        if self._call('', 'restart_sequence') is not None:
            self._out('restart_sequence done')

    def help_restart_sequence(self):
        self._out('restart_sequence\t\t\tStart every managed application by start sequence again.')

    def _confirmed(self, command, arg, method, done):
        if '--yes' not in arg.split():
            self._fail(f'ERROR: {command} stops every application and {done} every supervisord: '
                       f'type "{command} --yes" to confirm', LSBInitExitStatuses.INVALID_ARGS)
            return
        if self._call('', method, True) is not None:
            self._out(f'{command}: applications stopped, every supervisord {done}')

    def do_sreload(self, arg):
        self._confirmed('sreload', arg, 'restart', 'restarts')

    def help_sreload(self):
        self._out('sreload --yes\t\t\t\tStop all applications and restart every supervisord (admin).')

    def do_sshutdown(self, arg):
        self._confirmed('sshutdown', arg, 'shutdown', 'shuts down')

    def help_sshutdown(self):
        self._out('sshutdown --yes\t\t\t\tStop all applications and shut down every supervisord (admin).')

    def do_start_all(self, arg):
        strategy = self._strategy('start_all', arg.split() or ['CONFIG'])
        if strategy is not None and self._call('', 'start_all', strategy) is not None:
            self._out('all started')

    def help_start_all(self):
        self._out('start_all [<strategy>]\t\t\tStart every managed application by start sequence.')

    def do_stop_all(self, _):
        if self._call('', 'stop_all') is not None:
            self._out('all stopped')

    def help_stop_all(self):
        self._out('stop_all\t\t\t\tStop every managed application by stop sequence.')

    # --- applications -------------------------------------------------------------------------
    def _applications(self, command, arg, method, past, with_strategy=True):
        args = arg.split()
        strategy = self._strategy(command, args) if with_strategy else None
        if with_strategy and strategy is None:
            return
        names = args[1:] if with_strategy else args
        alternative = command.replace('application', 'process')
        for name in self._managed(names, alternative):
            call_args = (strategy, name) if with_strategy else (name,)
            if self._call(name, method, *call_args) is not None:
                self._out(f'{name} {past}')

    def do_start_application(self, arg):
        self._applications('start_application', arg, 'start_application', 'started')

    def help_start_application(self):
        self._out('start_application <strategy> <appli>\t\tStart the managed application appli.')
        self._out('start_application <strategy> <appli> <appli>\tStart several managed applications.')
        self._out('start_application <strategy>\t\t\tStart all managed applications.')

    def do_stop_application(self, arg):
        self._applications('stop_application', arg, 'stop_application', 'stopped', with_strategy=False)

    def help_stop_application(self):
        self._out('stop_application <appli>\t\t\tStop the managed application appli.')
        self._out('stop_application\t\t\tStop all managed applications.')

    def do_restart_application(self, arg):
        self._applications('restart_application', arg, 'restart_application', 'restarted')

    def help_restart_application(self):
        self._out('restart_application <strategy> <appli>\t\tRestart the managed application appli.')
        self._out('restart_application <strategy>\t\t\tRestart all managed applications.')

    def _print_plan(self, plan):
        rows = [{'rank': p['rank'], 'appli': p['application_name'], 'proc': p['process_name'],
                 'outcome': p['outcome'], 'where': p['nick_identifier'] or '-', 'reason': p['reason']}
                for p in plan]
        for line in _table(rows, [('Rank', 'rank'), ('Application', 'appli'), ('Process', 'proc'),
                                  ('Outcome', 'outcome'), ('Supervisor', 'where'), ('Reason', 'reason')]):
            self._out(line)

    def do_test_start_application(self, arg):
        args = arg.split()
        strategy = self._strategy('test_start_application', args)
        if strategy is None:
            return
        for name in args[1:] or self._managed([], 'test_start_process'):
            plan = self._call(name, 'test_start_application', strategy, name)
            if plan is not None:
                self._print_plan(plan)

    def help_test_start_application(self):
        self._out('test_start_application <strategy> <appli>\tThe plan of a start of appli; nothing started.')

    # --- processes ----------------------------------------------------------------------------
    def _processes(self, command, arg, method, past, with_strategy=True):
        args = arg.split()
        strategy = self._strategy(command, args) if with_strategy else None
        if with_strategy and strategy is None:
            return
        for namespec in self._namespecs(args[1:] if with_strategy else args):
            call_args = (strategy, namespec) if with_strategy else (namespec,)
            if self._call(namespec, method, *call_args) is not None:
                self._out(f'{namespec} {past}')

    def do_start_process(self, arg):
        self._processes('start_process', arg, 'start_process', 'started')

    def help_start_process(self):
        self._out('start_process <strategy> <proc>\t\tStart the process proc (appli:* for a whole group).')
        self._out('start_process <strategy>\t\t\tStart all processes.')

    def do_stop_process(self, arg):
        self._processes('stop_process', arg, 'stop_process', 'stopped', with_strategy=False)

    def help_stop_process(self):
        self._out('stop_process <proc>\t\t\tStop the process proc wherever it runs.')
        self._out('stop_process\t\t\t\tStop all processes.')

    def do_restart_process(self, arg):
        self._processes('restart_process', arg, 'restart_process', 'restarted')

    def help_restart_process(self):
        self._out('restart_process <strategy> <proc>\t\tRestart the process proc.')

    def do_start_any_process(self, arg):
        args = arg.split()
        strategy = self._strategy('start_any_process', args)
        if strategy is None:
            return
        for regex in args[1:]:
            namespec = self._call(regex, 'start_any_process', strategy, regex)
            if namespec is not None:
                self._out(f'{namespec} started')

    def help_start_any_process(self):
        self._out('start_any_process <strategy> <regex>\t\tStart one stopped process matching regex.')

    def do_test_start_process(self, arg):
        args = arg.split()
        strategy = self._strategy('test_start_process', args)
        if strategy is None:
            return
        for namespec in args[1:]:
            plan = self._call(namespec, 'test_start_process', strategy, namespec)
            if plan is not None:
                self._print_plan(plan)

    def help_test_start_process(self):
        self._out('test_start_process <strategy> <proc>\t\tThe plan of a start of proc; nothing started.')

    def _switch(self, command, arg, past):
        args = arg.split()
        if not args or len(args) > 2:
            self._fail(f'ERROR: {command} needs a program, and optionally an instance',
                       LSBInitExitStatuses.INVALID_ARGS)
            return
        program = args[0]
        identifier = args[1] if len(args) == 2 else ''
        if self._call(program, command, program, True, identifier) is not None:
            self._out(f'{program} {past}{" on " + identifier if identifier else ""}')

    def do_enable(self, arg):
        self._switch('enable', arg, 'enabled')

    def help_enable(self):
        self._out('enable <program> [<identifier>]\t\tEnable the program again (on one instance, or all).')

    def do_disable(self, arg):
        self._switch('disable', arg, 'disabled')

    def help_disable(self):
        self._out('disable <program> [<identifier>]\t\tStop and disable the program (on one instance, or all).')

    def do_update_numprocs(self, arg):
        args = arg.split()
        self._call('update_numprocs', 'update_numprocs', args[0] if args else '', 1)

    def help_update_numprocs(self):
        self._out('update_numprocs\t\t\t\tNot served by supfleet (supervisord must rewrite its programs).')

    def do_start_args(self, arg):
        args = arg.split()
        self._call('start_args', 'start_args', args[0] if args else '', ' '.join(args[1:]))

    def help_start_args(self):
        self._out('start_args\t\t\t\tNot served by supfleet (supervisord must rewrite the command line).')


def make_supfleet_controller_plugin(controller, **config):
    """The factory named by supervisor.ctl_factory in [ctlplugin:supfleet]."""
    return SupfleetControllerPlugin(controller, **config)
