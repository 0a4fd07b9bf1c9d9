export { parseIni, type IniSection } from './parse-ini';
export {
  parseFleetConfig,
  fleetSettings,
  readConfigSection,
  sectionSettings,
  iniBoolean,
  isPort,
  splitList,
  ConfigError,
  type ConfigOverrides,
  type ConfigSection,
  type FleetSettings,
} from './parse-fleet-config';
