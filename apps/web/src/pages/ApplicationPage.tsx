import { Link, useParams } from 'react-router-dom';
import { ApplicationView } from '../components/ApplicationView';
import { Waiting } from '../components/Waiting';
import { useApplication } from '../hooks/useApplication';

export function ApplicationPage() {
  const { name = '' } = useParams();
  const application = useApplication(name);
  if (application.isPending) return <Waiting />;
  if (!application.data) {
    return (
      <>
        <title>{`${name} · supfleet`}</title>
        <h1>{name}</h1>
        <p>
          No application is named “{name}”. <Link to="/">Back to the dashboard</Link>
        </p>
      </>
    );
  }
  // Keyed so that mutation errors of one application never show on another's page.
  return <ApplicationView key={application.data.name} application={application.data} />;
}
