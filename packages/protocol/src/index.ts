export * from './states';
export * from './supervisord';
export * from './rules';
export * from './fleet';
export * from './jobs';
export * from './api';
export * from './rules-explanation';
export * from './process-log';
export type * from './events';
