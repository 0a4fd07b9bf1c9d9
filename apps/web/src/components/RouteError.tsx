import { isRouteErrorResponse, useRouteError } from 'react-router-dom';

/** A page that failed to render says so and offers a way back, instead of going blank. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <>
      <title>Error · supfleet</title>
      <h1>This page failed</h1>
      <p role="alert" className="alert">
        {message}
      </p>
      <p>
        <a href="/">Reload the dashboard</a>
      </p>
    </>
  );
}
