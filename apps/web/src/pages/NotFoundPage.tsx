import { Link } from 'react-router-dom';

export function NotFoundPage() {
  return (
    <>
      <title>Not found · supfleet</title>
      <h1>Page not found</h1>
      <p>
        <Link to="/">Back to the dashboard</Link>
      </p>
    </>
  );
}
