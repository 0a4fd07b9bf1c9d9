import type { Readable, Writable } from 'node:stream';

export interface Terminal {
  input: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  output: Writable;
}

/** All of stdin, without its final line break (`echo secret | supfleet user add … --password-stdin`). */
export async function readAllStdin(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks for a password on the terminal without echoing it; null when Ctrl-C or Ctrl-D ends the prompt. */
export function promptHidden(terminal: Terminal, prompt: string): Promise<string | null> {
  const { input, output } = terminal;
  output.write(prompt);
  input.setRawMode?.(true);
  input.resume();
  return new Promise((resolve) => {
    let typed = '';
    const done = (value: string | null) => {
      input.setRawMode?.(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      resolve(value);
    };
    const onData = (data: Buffer | string) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return done(typed);
        if (char === '\u0003' || char === '\u0004') return done(null);
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    input.on('data', onData);
  });
}
