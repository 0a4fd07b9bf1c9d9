import type { Application, Job } from '@supfleet/protocol';
import { applicationJob } from '../lib/application-job';
import type { FleetState } from '../live/fleet-state';
import { useFleetSelect } from './useFleetSelect';
import { useNow } from './useNow';

const selectJobs = (fleet: FleetState) => fleet.jobs;

/** The job to show on an application's page: running, or ended a short while ago. */
export function useApplicationJob(application: Application): Job | null {
  const jobs = useFleetSelect(selectJobs).data ?? [];
  // Ticks so that an ended job's result goes away on time.
  const now = useNow(1000);
  return applicationJob(application, jobs, now);
}
