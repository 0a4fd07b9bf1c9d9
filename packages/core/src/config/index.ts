export { parseIni, type IniSection } from './parse-ini';
export { parseServiceConfig, ConfigError, type ServiceSettings } from './parse-service-config';
export {
  ALERT_EVENTS,
  DEFAULT_ALERT_DEBOUNCE_S,
  type AlertConfig,
  type AlertEvent,
  type SmtpConfig,
} from './parse-alerts';
