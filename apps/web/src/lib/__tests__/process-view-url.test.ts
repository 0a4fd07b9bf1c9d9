import { describe, expect, it } from 'vitest';
import { DEFAULT_PROCESS_VIEW } from '../process-view';
import { processViewFromUrl, processViewToUrl } from '../process-view-url';

describe('the process view in the URL', () => {
  it('reads the defaults from an empty query, and writes nothing for them', () => {
    expect(processViewFromUrl(new URLSearchParams())).toEqual(DEFAULT_PROCESS_VIEW);
    expect(processViewToUrl(DEFAULT_PROCESS_VIEW, new URLSearchParams('process=a%3Ab')).toString()).toBe(
      'process=a%3Ab',
    );
  });

  it('round-trips filters and sort, keeping the other parameters', () => {
    const view = {
      text: 'hci',
      state: 'RUNNING',
      instance: 'rocky52',
      sort: 'cpu',
      descending: true,
    } as const;
    const url = processViewToUrl(view, new URLSearchParams('strategy=LESS_LOADED'));
    expect(url.get('strategy')).toBe('LESS_LOADED');
    expect(processViewFromUrl(url)).toEqual(view);
  });

  it('ignores values it does not know', () => {
    expect(processViewFromUrl(new URLSearchParams('state=ASLEEP&sort=colour'))).toEqual(DEFAULT_PROCESS_VIEW);
  });
});
