/** One section of an INI file, with the line each key was read on (for error messages). */
export interface IniSection {
  name: string;
  line: number;
  values: Map<string, { value: string; line: number }>;
}

/**
 * Reads supervisord-style INI: `[section]`, `key = value` or `key: value`, `;`/`#` comments,
 * indented continuation lines appended to the previous value (as Python's configparser does).
 */
export function parseIni(text: string): Map<string, IniSection> {
  const sections = new Map<string, IniSection>();
  let current: IniSection | null = null;
  let lastKey: string | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) return;
    if (/^\s/.test(raw) && current && lastKey) {
      const entry = current.values.get(lastKey);
      if (entry) entry.value = `${entry.value}\n${trimmed}`;
      return;
    }
    const header = /^\[([^\]]+)\]$/.exec(trimmed);
    if (header) {
      const name = header[1]!.trim();
      current = sections.get(name) ?? { name, line, values: new Map() };
      sections.set(name, current);
      lastKey = null;
      return;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (!pair || !current)
      throw new Error(`line ${line}: expected "[section]" or "key = value", got "${trimmed}"`);
    lastKey = pair[1]!.toLowerCase();
    current.values.set(lastKey, { value: stripInlineComment(pair[2]!), line });
  });
  return sections;
}

/** configparser's inline_comment_prefixes: a `;` preceded by white space starts a comment. */
function stripInlineComment(value: string): string {
  const at = value.search(/\s;/);
  return (at === -1 ? value : value.slice(0, at)).trim();
}
