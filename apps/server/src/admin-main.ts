import { runAdmin } from './admin/run-admin';

// `supfleet user …` / `supfleet token …` (dispatched by apps/cli/bin/supfleet.mjs): they work on
// the server's database, so they live with it; the CLI package imports only protocol and core.
runAdmin(process.argv.slice(2), {
  input: process.stdin,
  output: process.stderr,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`supfleet: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
