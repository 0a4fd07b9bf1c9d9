import type { Application } from '@supfleet/protocol';
import { ApplicationsTable } from '../components/ApplicationsTable';
import { InstanceCards } from '../components/InstanceCards';
import { Waiting } from '../components/Waiting';
import { useFleet } from '../hooks/useFleet';

const byName = (a: Application, b: Application) => a.name.localeCompare(b.name);

export function DashboardPage() {
  const fleet = useFleet();
  if (!fleet.data) return <Waiting />;
  const { applications, processes, instances } = fleet.data;
  const managed = applications.filter((a) => a.managed).sort(byName);
  const unmanaged = applications.filter((a) => !a.managed).sort(byName);
  return (
    <>
      <title>supfleet</title>
      <section className="section">
        <h2 id="applications-heading">Applications</h2>
        {managed.length > 0 ? (
          <ApplicationsTable
            labelledBy="applications-heading"
            applications={managed}
            processes={processes}
            withStatus
          />
        ) : (
          <p className="muted">No managed application: the rules files match no Supervisor group.</p>
        )}
      </section>
      {unmanaged.length > 0 && (
        <section className="section">
          <h2 id="unmanaged-heading">Unmanaged applications</h2>
          <p className="muted">Groups no rule matches: shown here, never started or stopped by supfleet.</p>
          <ApplicationsTable
            labelledBy="unmanaged-heading"
            applications={unmanaged}
            processes={processes}
            withStatus={false}
          />
        </section>
      )}
      <section className="section">
        <h2 id="instances-heading">Instances</h2>
        {instances.length > 0 ? (
          <InstanceCards instances={instances} processes={processes} />
        ) : (
          <p className="muted">No Supervisor instance is configured.</p>
        )}
      </section>
    </>
  );
}
