export { parseIni, type IniSection } from './parse-ini';
export {
  ALERT_EVENTS,
  DEFAULT_ALERT_DEBOUNCE_S,
  type AlertConfig,
  type AlertEvent,
  type SmtpConfig,
} from './parse-alerts';
export {
  parseServiceConfig,
  ConfigError,
  DEFAULT_SECURITY,
  type ServiceSettings,
  type SecuritySettings,
  type DatabaseSettings,
} from './parse-service-config';
