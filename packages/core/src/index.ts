export * from './rules';
export * from './fleet';
export * from './status';
export * from './planning';
export * from './config';
export * from './strategies';
export * from './liveness';
export * from './jobs';
