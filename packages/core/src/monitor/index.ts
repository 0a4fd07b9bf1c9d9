export { initialMonitorState, monitorReducer, resyncPhase } from './monitor-reducer';
export type {
  CallFailure,
  MonitorCall,
  MonitorCommand,
  MonitorEvent,
  MonitorReduction,
  MonitorSettings,
  MonitorState,
  MonitorTimer,
} from './monitor-reducer';
