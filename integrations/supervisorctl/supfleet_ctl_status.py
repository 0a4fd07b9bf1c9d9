"""The status commands of supvisorsctl (sversion ... conflicts), for the supfleet supervisorctl plugin.

A mixin of SupfleetControllerPlugin (supfleet_ctl.py): it uses its _call, _out, _fail and _namespecs.
"""

from supervisor.supervisorctl import LSBInitExitStatuses

PROCESS_EXITED = 100


def table(rows, columns):
    """Supvisors' layout: each column as wide as its widest value or title, plus 2."""
    widths = [max([len(title)] + [len(str(row[key])) for row in rows]) + 2 for title, key in columns]
    lines = [''.join(title.ljust(width) for (title, _), width in zip(columns, widths)).rstrip()]
    for row in rows:
        lines.append(''.join(str(row[key]).ljust(width) for (_, key), width in zip(columns, widths)).rstrip())
    return lines


class StatusCommands:
    """sversion, sstate, master, strategies, instance_status, application_info, application_rules,
    sstatus, local_status, process_rules, conflicts."""

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
            for line in table([row], [('State', 'state'), ('Discovery', 'discovery'),
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
        for line in table(rows, [('Supervisor', 'identifier'), ('Nick', 'nick'), ('Node', 'node'),
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
        for line in table(rows, [('Application', 'name'), ('State', 'state'),
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
            for line in table(rows, [('Application', 'name'), ('Managed', 'managed'),
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
            for line in table(rows, [('Application', 'appli'), ('Process', 'proc'), ('State', 'state'),
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
            for line in table(rows, [('Application', 'appli'), ('Process', 'proc'), ('Supervisor', 'where'),
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
            for line in table(rows, [('Application', 'appli'), ('Process', 'proc'), ('Start', 'start'),
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
            for line in table(rows, [('Application', 'appli'), ('Process', 'proc'), ('State', 'state'),
                                      ('Supervisor', 'identifiers')]):
                self._out(line)

    def help_conflicts(self):
        self._out('conflicts\t\t\t\tGet the conflicts among managed applications.')
