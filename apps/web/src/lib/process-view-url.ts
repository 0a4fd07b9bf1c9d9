import { processStateSchema, type ProcessState } from '@supfleet/protocol';
import { DEFAULT_PROCESS_VIEW, type ProcessSortKey, type ProcessView } from './process-view';

const STATES = new Set<string>(processStateSchema.options);
const SORTS = new Set<string>(['name', 'state', 'instance', 'cpu', 'memory']);

/** The process table's view as the URL keeps it (q, state, instance, sort, desc): a shared link opens the same view. */
export function processViewFromUrl(params: URLSearchParams): ProcessView {
  const state = params.get('state');
  const sort = params.get('sort');
  return {
    text: params.get('q') ?? DEFAULT_PROCESS_VIEW.text,
    state: state !== null && STATES.has(state) ? (state as ProcessState) : 'all',
    instance: params.get('instance') ?? 'all',
    sort: sort !== null && SORTS.has(sort) ? (sort as ProcessSortKey) : DEFAULT_PROCESS_VIEW.sort,
    descending: params.get('desc') === '1',
  };
}

/** The URL's parameters with `view` written in (defaults left out); other parameters are kept. */
export function processViewToUrl(view: ProcessView, params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (key: string, value: string, fallback: string) => {
    if (value === fallback) next.delete(key);
    else next.set(key, value);
  };
  set('q', view.text, '');
  set('state', view.state, 'all');
  set('instance', view.instance, 'all');
  set('sort', view.sort, DEFAULT_PROCESS_VIEW.sort);
  set('desc', view.descending ? '1' : '0', '0');
  return next;
}
