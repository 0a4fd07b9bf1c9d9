export { instanceLiveness, livenessFacts, NO_LIVENESS_FACTS } from './instance-liveness';
export type {
  Liveness,
  LivenessEvent,
  LivenessFacts,
  LivenessSettings,
  LivenessVerdict,
} from './instance-liveness';
