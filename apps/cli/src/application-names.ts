/**
 * Names of the `<application name="…">` elements of a rules file, in file order. Called only on
 * files loadRules accepted (well-formed), so skipping comments and CDATA is all the XML it needs.
 */
export function applicationNames(xml: string): string[] {
  const text = xml.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const names: string[] = [];
  for (const [, attributes = ''] of text.matchAll(/<application\b([^>]*)>/g)) {
    const name = /\bname\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(attributes);
    if (name) names.push(decodeEntities(name[1] ?? name[2] ?? ''));
  }
  return names;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X'))
      return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity] ?? whole;
  });
}
