// Runs a TypeScript entry of src/ through tsx, in this process, so that exit codes and
// signals are the CLI's own. tsx is resolved from the repository's node_modules.
import { register } from 'tsx/esm/api';

export async function launch(entry) {
  await launchUrl(new URL(`../src/${entry}`, import.meta.url));
}

/** An entry given by its URL (another package's entry point). */
export async function launchUrl(url) {
  register();
  await import(url.href);
}
