import { NavLink } from 'react-router-dom';
import type { Application, Instance } from '@supfleet/protocol';
import { useFleet } from '../hooks/useFleet';
import { instanceStateTone } from '../lib/state-tone';
import { Led } from './Led';
import './side-menu.css';

const byName = (a: Application, b: Application) => a.name.localeCompare(b.name);

interface SideMenuProps {
  id: string;
  /** Narrow screens: the menu is shown over the page only when opened. */
  open: boolean;
  onNavigate: () => void;
}

/**
 * Every instance and every application with its state, live, on every page (as Supvisors'
 * side menu). An instance entry keeps room for marks of its own (the leader replica, later).
 */
export function SideMenu({ id, open, onNavigate }: SideMenuProps) {
  const fleet = useFleet().data;
  const instances = fleet?.instances ?? [];
  const applications = [...(fleet?.applications ?? [])].sort(byName);
  const managed = applications.filter((a) => a.managed);
  const unmanaged = applications.filter((a) => !a.managed);
  return (
    <nav id={id} className={open ? 'side-menu side-menu--open' : 'side-menu'} aria-label="Fleet">
      <div className="side-menu__inner">
        <h2 className="side-menu__title" id={`${id}-instances`}>
          Instances
        </h2>
        <ul className="side-menu__list">
          {instances.map((instance) => (
            <li key={instance.id}>
              <InstanceEntry instance={instance} onNavigate={onNavigate} />
            </li>
          ))}
        </ul>
        <h2 className="side-menu__title" id={`${id}-applications`}>
          Applications
        </h2>
        <ul className="side-menu__list">
          {managed.map((application) => (
            <li key={application.name}>
              <ApplicationEntry application={application} onNavigate={onNavigate} />
            </li>
          ))}
          {unmanaged.map((application) => (
            <li key={application.name}>
              <ApplicationEntry application={application} onNavigate={onNavigate} />
            </li>
          ))}
        </ul>
        {fleet && applications.length === 0 && <p className="muted side-menu__empty">No application.</p>}
      </div>
    </nav>
  );
}

function InstanceEntry({ instance, onNavigate }: { instance: Instance; onNavigate: () => void }) {
  const tone = instanceStateTone(instance.state);
  return (
    <NavLink
      to={`/instances/${encodeURIComponent(instance.id)}`}
      className="side-menu__link"
      data-instance={instance.id}
      onClick={onNavigate}
    >
      <span className={`dot dot--${tone}`} aria-hidden="true" />
      <span className="side-menu__name" title={instance.id}>
        {instance.id}
      </span>
      {/* Marks of the instance (e.g. the leader replica's) go beside its state. */}
      <span className="side-menu__marks" />
      <span className={`side-menu__state side-menu__state--${tone}`}>{instance.state}</span>
    </NavLink>
  );
}

function ApplicationEntry({ application, onNavigate }: { application: Application; onNavigate: () => void }) {
  return (
    <NavLink
      to={`/applications/${encodeURIComponent(application.name)}`}
      className="side-menu__link"
      data-application={application.name}
      onClick={onNavigate}
    >
      {application.managed ? (
        <Led status={application.status} decorative />
      ) : (
        <span className="dot dot--none" aria-hidden="true" />
      )}
      <span className="side-menu__name" title={application.name}>
        {application.name}
      </span>
      <span className="side-menu__state">
        {application.managed ? application.state : <span className="muted">unmanaged</span>}
      </span>
    </NavLink>
  );
}
