import { Link } from 'react-router-dom';
import { isRunningLike, type Application, type Process } from '@supfleet/protocol';
import { applicationStateTone } from '../lib/state-tone';
import { Led } from './Led';
import { StateBadge } from './StateBadge';

interface ApplicationsTableProps {
  labelledBy: string;
  applications: readonly Application[];
  processes: readonly Process[];
  /** Unmanaged applications have no rules, hence no operational status worth a column. */
  withStatus: boolean;
}

export function ApplicationsTable({
  labelledBy,
  applications,
  processes,
  withStatus,
}: ApplicationsTableProps) {
  const counts = countProcesses(processes);
  return (
    <table className="table" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          <th scope="col">Application</th>
          <th scope="col">State</th>
          {withStatus && <th scope="col">Operational status</th>}
          <th scope="col" className="num col-wide">
            Running
          </th>
          <th scope="col" className="col-wide">
            Activity
          </th>
        </tr>
      </thead>
      <tbody>
        {applications.map((application) => {
          const count = counts.get(application.name) ?? { total: 0, running: 0, conflict: false };
          return (
            <tr key={application.name} data-application={application.name}>
              <td className="name">
                <Link to={`/applications/${encodeURIComponent(application.name)}`}>{application.name}</Link>
              </td>
              <td>
                <StateBadge state={application.state} tone={applicationStateTone(application.state)} />
              </td>
              {withStatus && (
                <td>
                  <Led status={application.status} withLabel />
                </td>
              )}
              <td className="num col-wide">
                {count.running} / {count.total}
              </td>
              <td className="muted col-wide">
                {application.jobId !== null ? 'job running' : count.conflict ? 'conflict' : ''}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

interface ProcessCount {
  total: number;
  running: number;
  conflict: boolean;
}

function countProcesses(processes: readonly Process[]): Map<string, ProcessCount> {
  const counts = new Map<string, ProcessCount>();
  for (const process of processes) {
    const count = counts.get(process.application) ?? { total: 0, running: 0, conflict: false };
    count.total += 1;
    if (isRunningLike(process.state)) count.running += 1;
    if (process.conflict) count.conflict = true;
    counts.set(process.application, count);
  }
  return counts;
}
