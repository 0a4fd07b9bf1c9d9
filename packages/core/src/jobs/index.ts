export { jobPhaseOf, jobReducer } from './job-reducer';
export type { JobEvent } from './job-reducer';
