// `npm run test:install`: the release as a user gets it. Packs it (`npm run release`), installs
// the tarball with `npm install -g --prefix` into a clean temporary directory (nothing of this
// machine is touched), then, with the installed commands only:
//   supfleet --help, supfleet rules check     the CLIs run without tsx or the checkout
//   supervisord with examples/supervisord/supfleet.conf: supervisord starts `supfleet serve`
//   (the built server, the web app inside) and supfleet watches that same supervisord;
//   GET /healthz, /readyz, the web page, /metrics, and supfleetctl against it; then
//   supervisorctl stop supfleet (SIGTERM) stops it cleanly.
//   systemd-analyze verify examples/systemd/supfleet.service, where systemd-analyze exists.
//   --tarball FILE   install that tarball instead of packing one
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { SUPERVISORD, ensureSupervisor, repoRoot, run } from './lib/bootstrap.mjs';
import { makeRelease } from './release.mjs';

const step = (message) => console.log(`==> ${message}`);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** Runs a command and resolves with its exit code and output; never rejects on a non-zero exit. */
function capture(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

async function expectOk(what, cmd, args, options) {
  const { code, output } = await capture(cmd, args, options);
  if (code !== 0) throw new Error(`${what}: exit ${code}\n${output}`);
  return output;
}

async function until(what, check, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check().catch(() => undefined);
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(200);
  }
}

const tarballArg = process.argv.indexOf('--tarball');
const dir = await mkdtemp(path.join(tmpdir(), 'supfleet-install-'));
let supervisord;
let failed = false;
try {
  await ensureSupervisor();
  const tarball = tarballArg > 0 ? path.resolve(process.argv[tarballArg + 1]) : await makeRelease();
  const prefix = path.join(dir, 'prefix');
  step(`npm install -g --prefix ${prefix} ./${path.basename(tarball)} (in a clean ${dir})`);
  await copyFile(tarball, path.join(dir, path.basename(tarball)));
  await run(
    'npm',
    [
      'install',
      '-g',
      '--prefix',
      prefix,
      `./${path.basename(tarball)}`,
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--allow-scripts=better-sqlite3',
    ],
    { cwd: dir },
  );
  const bin = (name) => path.join(prefix, 'bin', name);
  for (const name of ['supfleet', 'supfleetctl'])
    if (!existsSync(bin(name))) throw new Error(`${bin(name)} was not installed`);
  // Nothing of the checkout on the way: another working directory, no NODE_PATH.
  const env = { PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}`, HOME: dir };

  step('supfleet --help and supfleet rules check, from the installed package');
  const help = await expectOk('supfleet --help', bin('supfleet'), ['--help'], { cwd: dir, env });
  if (!help.includes('supfleet serve')) throw new Error(`supfleet --help does not mention serve:\n${help}`);
  const rulesFile = path.join(dir, 'rules.xml');
  await writeFile(
    rulesFile,
    '<root><application name="hello"><start_sequence>1</start_sequence><programs><program pattern=""><start_sequence>1</start_sequence><required>true</required></program></programs></application></root>\n',
  );
  console.log(
    (
      await expectOk('supfleet rules check', bin('supfleet'), ['rules', 'check', rulesFile], {
        cwd: dir,
        env,
      })
    ).trim(),
  );

  step('supervisord with examples/supervisord/supfleet.conf starts the installed supfleet serve');
  const [rpcPort, httpPort] = [await freePort(), await freePort()];
  const example = await readFile(path.join(repoRoot, 'examples/supervisord/supfleet.conf'), 'utf8');
  const program = example
    .replaceAll('/usr/local/bin/supfleet', bin('supfleet'))
    .replaceAll('/etc/supfleet/supfleet.conf', path.join(dir, 'supervisord.conf'))
    .replaceAll('/var/log/supervisor/supfleet.log', path.join(dir, 'supfleet.log'))
    .replaceAll('/var/lib/supfleet', dir)
    .replace(/^user = .*$/m, '; user: this test runs as whoever runs it');
  await writeFile(
    path.join(dir, 'supervisord.conf'),
    `[supervisord]
nodaemon = true
logfile = ${dir}/supervisord.log
pidfile = ${dir}/supervisord.pid
childlogdir = ${dir}

[inet_http_server]
port = 127.0.0.1:${rpcPort}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl = http://127.0.0.1:${rpcPort}

[program:greeter]
command = /bin/sh -c "trap 'exit 0' TERM; while true; do sleep 0.2; done"
autostart = true
startsecs = 0

[group:hello]
programs = greeter

${program}
[supfleet]
supvisors_list = <local>127.0.0.1:${rpcPort}
rules_files = rules.xml
listen = 127.0.0.1:${httpPort}
data_dir = ${dir}/data
`,
  );
  supervisord = spawn(SUPERVISORD, ['-c', path.join(dir, 'supervisord.conf')], { cwd: dir, stdio: 'ignore' });
  const url = `http://127.0.0.1:${httpPort}`;
  await until('GET /healthz', async () => (await fetch(`${url}/healthz`)).ok);
  step('the service answers: /healthz, /readyz, the web page, /metrics, supfleetctl');
  const ready = await until('GET /readyz 200', async () => {
    const response = await fetch(`${url}/readyz`);
    return response.status === 200 ? response.json() : undefined;
  });
  console.log(`readyz: ${JSON.stringify(ready)}`);
  const page = await (await fetch(`${url}/`)).text();
  if (!page.includes('<div id="root">')) throw new Error('GET / is not the web app');
  const metrics = await fetch(`${url}/metrics`);
  if (metrics.status === 200) {
    const text = await metrics.text();
    if (!text.includes('supfleet_instances'))
      throw new Error(`/metrics has no supfleet_instances:\n${text.slice(0, 500)}`);
  } else if (metrics.status !== 404) throw new Error(`GET /metrics: ${metrics.status}`);
  const status = await until('supfleetctl application_info: hello RUNNING', async () => {
    const output = await expectOk('supfleetctl', bin('supfleetctl'), ['-s', url, 'application_info'], {
      cwd: dir,
      env,
    });
    return /hello\s+RUNNING/.test(output) ? output : undefined;
  });
  console.log(status.trim());

  step('supervisorctl signal HUP supfleet: the rules and the config re-read');
  const supervisorctl = (...args) =>
    expectOk(
      `supervisorctl ${args.join(' ')}`,
      'supervisorctl',
      ['-c', path.join(dir, 'supervisord.conf'), ...args],
      {
        cwd: dir,
      },
    );
  await supervisorctl('signal', 'HUP', 'supfleet');
  const reloaded = await until('the reload in the log', async () => {
    const line = (await readFile(path.join(dir, 'supfleet.log'), 'utf8'))
      .split('\n')
      .find((l) => l.includes('reloaded'));
    return line;
  });
  console.log(`log: ${reloaded}`);

  step('supervisorctl stop supfleet: SIGTERM, a clean exit');
  const stopped = await expectOk(
    'supervisorctl stop',
    'supervisorctl',
    ['-c', path.join(dir, 'supervisord.conf'), 'stop', 'supfleet'],
    { cwd: dir },
  );
  if (!/supfleet: stopped/.test(stopped)) throw new Error(`supervisorctl stop supfleet: ${stopped}`);
  const log = await readFile(path.join(dir, 'supfleet.log'), 'utf8');
  if (!log.includes('SIGTERM: no new action accepted'))
    throw new Error(`supfleet did not log its SIGTERM:\n${log}`);
  console.log(
    `supfleet's log (JSON lines, ${log.trim().split('\n').length} of them) ends with: ${log.trim().split('\n').at(-1)}`,
  );

  step('supfleet user list: the database commands, from the installed package');
  console.log(
    (
      await expectOk(
        'supfleet user list',
        bin('supfleet'),
        ['user', 'list', '-c', path.join(dir, 'supervisord.conf')],
        { cwd: dir, env },
      )
    ).trim() || '(no user)',
  );

  const analyze = '/usr/bin/systemd-analyze';
  if (existsSync(analyze)) {
    step('systemd-analyze verify examples/systemd/supfleet.service (ExecStart: the installed command)');
    const unit = path.join(dir, 'supfleet.service');
    const text = await readFile(path.join(repoRoot, 'examples/systemd/supfleet.service'), 'utf8');
    await writeFile(unit, text.replaceAll('/usr/local/bin/supfleet', bin('supfleet')));
    await expectOk('systemd-analyze verify', analyze, ['verify', unit]);
    console.log('systemd-analyze verify: no complaint');
  } else {
    step('systemd-analyze is not on this machine: the unit file is not verified');
  }
  console.log('test:install: 1 passed, 0 failed');
} catch (error) {
  failed = true;
  console.error(`test:install: ${error instanceof Error ? error.message : String(error)}`);
  console.log('test:install: 0 passed, 1 failed');
} finally {
  if (supervisord && supervisord.exitCode === null) {
    supervisord.kill('SIGTERM');
    await new Promise((resolve) => supervisord.once('exit', resolve));
  }
  await rm(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
