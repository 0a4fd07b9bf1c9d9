// The auth variant of a fleet conf (`npm run demo -- --auth`, browser tests of the login): the same
// conf, written into the run directory with absolute paths, every supervisord asking for a
// username and password (so that nobody on this machine goes around supfleet), and supfleet
// passing them on. Node built-ins only, like the rest of scripts/.
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './bootstrap.mjs';

const SUPFLEET_BIN = path.join(repoRoot, 'apps', 'cli', 'bin', 'supfleet.mjs');

/** A random password: 18 bytes, URL-safe. */
export function randomPassword() {
  return randomBytes(18).toString('base64url');
}

/** Relative file lists of [include] files and [supfleet] rules_files made absolute (against the conf's directory). */
function absolutize(value, dir) {
  return value
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((item) => (path.isAbsolute(item) ? item : path.join(dir, item)))
    .join(' ');
}

/**
 * Writes `<runRoot>/supervisord_auth.conf`: `conf` with absolute paths, `username` / `password`
 * in [inet_http_server] (supervisord asks for them) and in [supfleet] (supfleet sends them).
 * Its data_dir defaults beside it, in runRoot.
 */
export async function writeAuthConf(conf, runRoot, supervisor) {
  const dir = path.dirname(conf);
  const credentials = [`username = ${supervisor.username}`, `password = ${supervisor.password}`];
  let section;
  const lines = [];
  for (const line of (await readFile(conf, 'utf8')).split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) {
      section = header[1].trim();
      lines.push(line);
      if (section === 'inet_http_server' || section === 'supfleet') lines.push(...credentials);
      continue;
    }
    const entry = /^(\s*)(files|rules_files)(\s*[=:]\s*)(.*)$/.exec(line);
    const relative =
      entry &&
      ((section === 'include' && entry[2] === 'files') ||
        (section === 'supfleet' && entry[2] === 'rules_files'));
    lines.push(relative ? `${entry[1]}${entry[2]}${entry[3]}${absolutize(entry[4], dir)}` : line);
  }
  const out = path.join(runRoot, 'supervisord_auth.conf');
  await writeFile(out, `${lines.join('\n')}\n`, { mode: 0o600 });
  return out;
}

/** `supfleet user add NAME --role NAME --password-stdin -c conf` for admin, operator and viewer, one after the other. */
export async function addDemoUsers(conf, credentials) {
  for (const role of ['admin', 'operator', 'viewer']) {
    await new Promise((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [SUPFLEET_BIN, 'user', 'add', role, '--role', role, '--password-stdin', '-c', conf],
        { cwd: repoRoot },
        (error, _stdout, stderr) =>
          error
            ? reject(new Error(`supfleet user add ${role}: ${stderr.trim() || error.message}`))
            : resolve(),
      );
      child.stdin.end(credentials[role]);
    });
  }
}
