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

from supfleet_ctl_status import StatusCommands, table

STRATEGIES = ('CONFIG', 'LESS_LOADED', 'MOST_LOADED', 'LOCAL', 'LESS_LOADED_NODE', 'MOST_LOADED_NODE')
CONCILIATIONS = ('SENICIDE', 'INFANTICIDE', 'USER', 'STOP', 'RESTART', 'RUNNING_FAILURE')


class SupfleetControllerPlugin(StatusCommands, ControllerPluginBase):
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
        for line in table(rows, [('Rank', 'rank'), ('Application', 'appli'), ('Process', 'proc'),
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
