export { parseIni, type IniSection } from './parse-ini';
export { parseServiceConfig, ConfigError, type ServiceSettings } from './parse-service-config';
