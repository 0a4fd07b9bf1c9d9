export { loadConfig, ConfigError, type ServiceConfig } from './config/load-config';
export { createService, readRules, RulesError, UnsafeListenError, type Service } from './service';
export { createApp } from './http/create-app';
