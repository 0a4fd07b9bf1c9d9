import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now, one line each ("" when none). */
export async function seriousViolations(page: Page): Promise<string> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document) => Promise<{ violations: unknown[] }> } }
    ).axe;
    return (await axe.run(document)).violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
    .join('\n');
}

/**
 * What makes the page scroll sideways (the page itself, not a table's own scrolling box): the
 * elements reaching past its right edge, outermost first; "" when nothing does.
 */
export async function sidewaysOverflow(page: Page): Promise<string> {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth + 1) return '';
    const all: Element[] = Array.from(document.querySelectorAll('body *'));
    const wide = all.filter((element) => element.getBoundingClientRect().right > root.clientWidth + 1);
    const names = wide.slice(0, 5).map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
    return `scrollWidth ${root.scrollWidth} > ${root.clientWidth}: ${names.join(', ')}`;
  });
}
