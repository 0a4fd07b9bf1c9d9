export { parseIni, type IniSection } from './parse-ini';
export {
  parseServiceConfig,
  ConfigError,
  DEFAULT_SECURITY,
  type ServiceSettings,
  type SecuritySettings,
} from './parse-service-config';
