#!/usr/bin/env python3
"""supfleet node agent: a supervisord event listener that pushes to the supfleet server.

Runs under whatever Python 3 supervisord uses: the standard library only. Installed with

    [eventlistener:supfleet]
    command = python3 /path/to/supfleet_agent.py --url http://supfleet:61100 --instance rocky51
    events = PROCESS_STATE,PROCESS_GROUP
    priority = 1000
    buffer_size = 1024
    autorestart = true

What it does (docs/agent.md), for each server given by --url (several replicas: each of them):
- every PROCESS_STATE / PROCESS_GROUP event is queued and posted at once to
  POST /api/v1/agent/events (the server re-reads the process from supervisord: events are hints);
- every --period seconds, POST /api/v1/agent/heartbeat with statistics read from /proc: CPU % and
  resident memory of each supervisord process, its children included, and the node's CPU (all
  cores and each), memory, load, network and disk I/O per second, and disk usage.

The listener protocol comes first: supervisord waits for our answer before it sends the next
event, so the main thread only reads an event, queues it without blocking and answers OK, always.
A background thread does the HTTP, with short timeouts, and drops what it cannot send (the queue is
bounded). Nothing but the protocol goes to stdout; diagnostics go to stderr (the listener's log).
"""

import argparse
import base64
import http.client
import json
import os
import queue
import sys
import threading
import time
import urllib.parse

VERSION = "1"
CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
# At most this many events in one POST; the rest go in the next one, at once.
BATCH = 500
# Seconds after a failed push before the agent tells the server what it dropped.
RETRY_AFTER = 0.5


def log(message):
    sys.stderr.write("supfleet_agent: %s\n" % message)
    sys.stderr.flush()


def parse_args(argv):
    env = os.environ
    parser = argparse.ArgumentParser(description="supfleet node agent (a supervisord event listener)")
    parser.add_argument("--url", action="append",
                        help="a supfleet server; several replicas: repeat it or separate the URLs "
                             "with commas; each gets every push, one down never holds the others "
                             "(default $SUPFLEET_URL or http://127.0.0.1:61100)")
    parser.add_argument("--instance", default=env.get("SUPFLEET_INSTANCE"),
                        help="this supervisord's nick in supvisors_list; default: matched by the "
                             "server on SUPERVISOR_SERVER_URL (host:port)")
    parser.add_argument("--token", default=env.get("SUPFLEET_TOKEN"),
                        help="API token (Bearer) when the server has users; prefer --token-file")
    parser.add_argument("--token-file", help="file holding the API token")
    parser.add_argument("--username", default=env.get("SUPFLEET_USERNAME"),
                        help="HTTP basic user (the server's api_username)")
    parser.add_argument("--password", default=env.get("SUPFLEET_PASSWORD"), help="HTTP basic password")
    parser.add_argument("--period", type=float, default=5.0,
                        help="seconds between heartbeats and statistics samples (default %(default)s)")
    parser.add_argument("--timeout", type=float, default=2.0,
                        help="seconds one POST may take before it is dropped (default %(default)s)")
    parser.add_argument("--queue", type=int, default=2000,
                        help="events kept while the server is slow; more are dropped (default %(default)s)")
    parser.add_argument("--no-stats", action="store_true", help="heartbeats without statistics")
    args = parser.parse_args(argv)
    if args.period <= 0 or args.timeout <= 0 or args.queue <= 0:
        parser.error("--period, --timeout and --queue must be positive")
    args.urls = [url.strip() for item in (args.url or [env.get("SUPFLEET_URL", "http://127.0.0.1:61100")])
                 for url in item.split(",") if url.strip()]
    if not args.urls:
        parser.error("--url is empty")
    if args.token_file:
        with open(args.token_file) as handle:
            args.token = handle.read().strip()
    return args


# --- statistics from /proc ---------------------------------------------------------------------

def read_text(path):
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return None


def read_stat(pid):
    """(ticks of the process and its reaped children, rss bytes, start time) or None if gone."""
    text = read_text("/proc/%d/stat" % pid)
    if text is None:
        return None
    fields = text[text.rfind(")") + 2:].split()
    try:
        ticks = int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
        return ticks, int(fields[21]) * PAGE_SIZE, int(fields[19])
    except (IndexError, ValueError):
        return None


class ChildFinder:
    """The direct children of a pid: /proc/PID/task/*/children, else one scan of /proc per sample."""

    def __init__(self):
        self.by_parent = None

    def reset(self):
        self.by_parent = None

    def children(self, pid):
        pids = []
        try:
            tasks = os.listdir("/proc/%d/task" % pid)
        except OSError:
            return pids
        found_file = False
        for task in tasks:
            text = read_text("/proc/%d/task/%s/children" % (pid, task))
            if text is not None:
                found_file = True
                pids.extend(int(p) for p in text.split())
        if found_file:
            return pids
        return self._scan().get(pid, [])

    def _scan(self):
        if self.by_parent is None:
            self.by_parent = {}
            for name in os.listdir("/proc"):
                if not name.isdigit():
                    continue
                text = read_text("/proc/%s/stat" % name)
                if text is None:
                    continue
                fields = text[text.rfind(")") + 2:].split()
                if len(fields) > 1:
                    self.by_parent.setdefault(int(fields[1]), []).append(int(name))
        return self.by_parent


def namespec_of(pid):
    """supervisord gives each of its processes SUPERVISOR_GROUP_NAME and SUPERVISOR_PROCESS_NAME."""
    try:
        with open("/proc/%d/environ" % pid, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    group = name = None
    for item in data.split(b"\0"):
        if item.startswith(b"SUPERVISOR_GROUP_NAME="):
            group = item[22:].decode("utf-8", "replace")
        elif item.startswith(b"SUPERVISOR_PROCESS_NAME="):
            name = item[24:].decode("utf-8", "replace")
    if group is None or name is None:
        return None
    return "%s:%s" % (group, name)


class Sampler:
    """CPU % over the time since the previous sample, so the first sample only sets the baseline."""

    def __init__(self, supervisord_pid):
        self.supervisord_pid = supervisord_pid
        self.finder = ChildFinder()
        self.names = {}  # (pid, start time) -> namespec or None
        self.previous = {}  # namespec -> (root pid, start time, ticks, when)
        self.node_previous = None
        self.cores_previous = []  # per core: (total, idle)
        self.io_previous = None  # (when, {interface: (rx, tx)}, {disk: (read, written)})

    def sample(self):
        now = time.monotonic()
        self.finder.reset()
        processes = {}
        current = {}
        names = {}
        for pid in self.finder.children(self.supervisord_pid):
            if pid == os.getpid():
                continue
            root = read_stat(pid)
            if root is None:
                continue
            key = (pid, root[2])
            namespec = names[key] = self.names[key] if key in self.names else namespec_of(pid)
            if namespec is None:
                continue
            ticks, rss = self._tree(pid, root)
            cpu = 0.0
            before = self.previous.get(namespec)
            if before and before[0] == pid and before[1] == root[2] and now > before[3]:
                cpu = max(0.0, (ticks - before[2]) / CLK_TCK / (now - before[3]) * 100.0)
            current[namespec] = (pid, root[2], ticks, now)
            processes[namespec] = {"cpu": round(cpu, 2), "rss": rss}
        self.previous = current
        self.names = names  # read each child's environ once in its life
        return {"node": self._node(), "processes": processes}

    def _tree(self, pid, root):
        ticks, rss = root[0], root[1]
        stack = list(self.finder.children(pid))
        seen = set([pid])
        while stack:
            child = stack.pop()
            if child in seen:
                continue
            seen.add(child)
            stat = read_stat(child)
            if stat is None:
                continue
            ticks += stat[0]
            rss += stat[1]
            stack.extend(self.finder.children(child))
        return ticks, rss

    def _node(self):
        cpu = 0.0
        text = read_text("/proc/stat") or ""
        line = text.split("\n", 1)[0].split()
        if line and line[0] == "cpu":
            values = [int(v) for v in line[1:9]]
            total, idle = sum(values), values[3] + values[4]
            if self.node_previous and total > self.node_previous[0]:
                cpu = (1.0 - (idle - self.node_previous[1]) / float(total - self.node_previous[0])) * 100.0
            self.node_previous = (total, idle)
        memory = {}
        for row in (read_text("/proc/meminfo") or "").split("\n"):
            parts = row.split()
            if len(parts) >= 2 and parts[0] in ("MemTotal:", "MemAvailable:"):
                memory[parts[0]] = int(parts[1]) * 1024
        total_memory = memory.get("MemTotal:", 0)
        load = [float(v) for v in (read_text("/proc/loadavg") or "0 0 0").split()[:3]]
        node = {
            "cpu": round(max(0.0, min(100.0, cpu)), 2),
            "memoryUsed": total_memory - memory.get("MemAvailable:", total_memory),
            "memoryTotal": total_memory,
            "load": load,
            "cores": self._cores(text),
            "disks": disk_usage(),
        }
        node.update(self._io())
        return node

    def _cores(self, text):
        """CPU % of each core (cpu0, cpu1, ...) since the previous sample; 0 for the first."""
        cores, current = [], []
        for row in text.split("\n")[1:]:
            parts = row.split()
            if not parts or not parts[0].startswith("cpu") or not parts[0][3:].isdigit():
                continue
            values = [int(v) for v in parts[1:9]]
            total, idle = sum(values), values[3] + values[4]
            index = len(current)
            current.append((total, idle))
            before = self.cores_previous[index] if index < len(self.cores_previous) else None
            busy = 0.0
            if before and total > before[0]:
                busy = (1.0 - (idle - before[1]) / float(total - before[0])) * 100.0
            cores.append(round(max(0.0, min(100.0, busy)), 1))
        self.cores_previous = current
        return cores

    def _io(self):
        """Bytes per second of each network interface and each disk since the previous sample."""
        now = time.monotonic()
        interfaces = {}
        for row in (read_text("/proc/net/dev") or "").split("\n")[2:]:
            if ":" not in row:
                continue
            name, _, rest = row.partition(":")
            values = rest.split()
            if name.strip() != "lo" and len(values) >= 9:
                interfaces[name.strip()] = (int(values[0]), int(values[8]))
        disks = {}
        for row in (read_text("/proc/diskstats") or "").split("\n"):
            values = row.split()
            if len(values) < 10 or values[2].startswith(("loop", "ram", "zram")):
                continue
            # Whole disks only: a partition's bytes are counted in its disk's.
            if os.path.exists("/sys/block/%s" % values[2].replace("/", "!")):
                disks[values[2]] = (int(values[5]) * 512, int(values[9]) * 512)
        before, self.io_previous = self.io_previous, (now, interfaces, disks)
        if before is None or now <= before[0]:
            return {"network": [], "diskIo": []}
        seconds = now - before[0]

        def rates(current, previous, first, second):
            out = []
            for name in sorted(current):
                if name in previous:
                    a, b = current[name]
                    pa, pb = previous[name]
                    out.append({
                        "name": name,
                        first: max(0, round((a - pa) / seconds)),
                        second: max(0, round((b - pb) / seconds)),
                    })
            return out[:16]

        return {
            "network": rates(interfaces, before[1], "rx", "tx"),
            "diskIo": rates(disks, before[2], "read", "write"),
        }


def disk_usage():
    """Used and total bytes of the file systems that hold data (/, and /home or /var when apart)."""
    seen, out = set(), []
    for path in ("/", "/home", "/var", "/tmp"):
        try:
            stat = os.statvfs(path)
            device = os.stat(path).st_dev
        except OSError:
            continue
        if device in seen or stat.f_blocks == 0:
            continue
        seen.add(device)
        total = stat.f_blocks * stat.f_frsize
        out.append({"path": path, "used": total - stat.f_bfree * stat.f_frsize, "total": total})
    return out


# --- sending ------------------------------------------------------------------------------------

def until_next_tick(period):
    """Seconds to the next multiple of period on the wall clock: every agent of the fleet (NTP keeps
    the nodes' clocks together) sends its heartbeat at the same moments, so the server wakes once
    per period for all of them instead of once per agent."""
    return period - (time.time() % period)


class Sender(threading.Thread):
    """Posts events as they come and a heartbeat every period to one server; never blocks the
    listener. Each server (replica) has its own sender, queue and connection."""

    def __init__(self, args, url, events):
        threading.Thread.__init__(self, name="supfleet-sender %s" % url)
        self.daemon = True
        self.args = args
        self.url = url
        self.events = events
        target = urllib.parse.urlsplit(url)
        if target.scheme not in ("http", "https") or not target.hostname:
            raise SystemExit("supfleet_agent: --url %r is not http(s)://host:port" % url)
        self.target = target
        self.base = target.path.rstrip("/") + "/api/v1/agent/"
        self.connection = None
        self.identity = {}
        if args.instance:
            self.identity["instance"] = args.instance
        if os.environ.get("SUPERVISOR_SERVER_URL"):
            self.identity["supervisor"] = os.environ["SUPERVISOR_SERVER_URL"]
        # One connection kept open: a push costs no TCP handshake (the server closes it after 5 s idle).
        self.headers = {"Content-Type": "application/json"}
        if args.token:
            self.headers["Authorization"] = "Bearer " + args.token
        elif args.username:
            pair = ("%s:%s" % (args.username, args.password or "")).encode("utf-8")
            self.headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        self.sampler = None if args.no_stats else Sampler(os.getppid())
        self.reachable = None
        self.dropped = 0
        self.failed_at = 0.0
        self.lock = threading.Lock()

    def drop(self, count):
        with self.lock:
            self.dropped += count
            self.failed_at = time.monotonic()

    def has_dropped(self):
        with self.lock:
            return self.dropped > 0

    def take_dropped(self):
        with self.lock:
            dropped, self.dropped = self.dropped, 0
            return dropped

    def run(self):
        if self.sampler:
            self.sampler.sample()
        next_beat = time.monotonic()
        while True:
            now = time.monotonic()
            if next_beat <= now:
                self.heartbeat()
                next_beat = time.monotonic() + until_next_tick(self.args.period)
                continue
            # After a drop, say so soon (the server then reads everything), not at the next heartbeat.
            retry = self.failed_at + RETRY_AFTER if self.has_dropped() else next_beat
            if retry <= now:
                self.push_events([])
                continue
            try:
                first = self.events.get(timeout=min(next_beat, retry) - now)
            except queue.Empty:
                continue
            batch = [first]
            while len(batch) < BATCH:
                try:
                    batch.append(self.events.get_nowait())
                except queue.Empty:
                    break
            self.push_events(batch)

    def heartbeat(self):
        body = dict(self.identity, period=self.args.period, version=VERSION)
        if self.sampler:
            try:
                body["stats"] = self.sampler.sample()
            except Exception as error:  # a /proc surprise must not stop the heartbeats
                log("statistics failed: %r" % (error,))
        self.post("heartbeat", body)

    def push_events(self, batch):
        self.post("events", dict(self.identity, events=batch), lost=len(batch))

    def post(self, route, body, lost=0):
        dropped = self.take_dropped()
        if dropped:
            body["dropped"] = dropped
        data = json.dumps(body).encode("utf-8")
        try:
            status, text = self.send(route, data)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The kept connection was closed by the server meanwhile: once more on a new one.
            try:
                status, text = self.send(route, data)
            except Exception as error:
                return self.failed("%s: %s" % (self.url, error), lost + dropped)
        except Exception as error:
            return self.failed("%s: %s" % (self.url, error), lost + dropped)
        if status >= 300:
            return self.failed("%s answered %d: %s" % (route, status, text[:300]), lost + dropped)
        self.state(True, None)

    def send(self, route, data):
        if self.connection is None:
            kind = http.client.HTTPSConnection if self.target.scheme == "https" else http.client.HTTPConnection
            self.connection = kind(self.target.hostname, self.target.port, timeout=self.args.timeout)
        try:
            self.connection.request("POST", self.base + route, body=data, headers=self.headers)
            answer = self.connection.getresponse()
            text = answer.read().decode("utf-8", "replace")
            if answer.getheader("connection", "").lower() == "close":
                self.close()
            return answer.status, text
        except Exception:
            self.close()
            raise

    def close(self):
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:
                pass
            self.connection = None

    def failed(self, reason, lost):
        self.state(False, reason)
        self.drop(lost)

    def state(self, ok, reason):
        if ok != self.reachable:
            log("%s reachable" % self.url if ok else "cannot push (%s); dropping until it answers" % reason)
        self.reachable = ok


# --- the listener protocol ----------------------------------------------------------------------

def parse_tokens(text):
    tokens = {}
    for item in text.split():
        key, _, value = item.partition(":")
        tokens[key] = value
    return tokens


def event_of(headers, payload):
    name = headers.get("eventname", "")
    if not (name.startswith("PROCESS_STATE") or name.startswith("PROCESS_GROUP")):
        return None
    fields = parse_tokens(payload.split("\n", 1)[0])
    event = {"event": name}
    if "groupname" in fields:
        event["group"] = fields["groupname"]
    if "processname" in fields:
        event["name"] = fields["processname"]
    if "from_state" in fields:
        event["from"] = fields["from_state"]
    if fields.get("pid", "").isdigit():
        event["pid"] = int(fields["pid"])
    return event


def listen(stdin, stdout, senders):
    while True:
        stdout.write(b"READY\n")
        stdout.flush()
        line = stdin.readline()
        if not line:
            return  # supervisord closed our stdin: it is going away
        headers = parse_tokens(line.decode("utf-8", "replace"))
        try:
            length = int(headers.get("len", "0"))
        except ValueError:
            length = 0
        payload = stdin.read(length).decode("utf-8", "replace") if length > 0 else ""
        try:
            event = event_of(headers, payload)
            if event is not None:
                for sender in senders:
                    try:
                        sender.events.put_nowait(event)
                    except queue.Full:
                        sender.drop(1)
        except Exception as error:  # whatever happens, supervisord gets its OK
            log("cannot read event %r: %r" % (line[:200], error))
        stdout.write(b"RESULT 2\nOK")
        stdout.flush()


def main(argv):
    args = parse_args(argv)
    senders = [Sender(args, url, queue.Queue(maxsize=args.queue)) for url in args.urls]
    for sender in senders:
        sender.start()
    log("pushing to %s as %s every %gs" % (
        ", ".join(args.urls), args.instance or os.environ.get("SUPERVISOR_SERVER_URL", "?"), args.period))
    try:
        listen(sys.stdin.buffer, sys.stdout.buffer, senders)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main(sys.argv[1:])
