export { INITIAL_LEASE, leaseReducer } from './lease-reducer';
export type { LeaseCommand, LeaseEvent, LeaseSettings, LeaseState } from './lease-reducer';
