import { Component, type ReactNode } from 'react';

interface RouteErrorProps {
  children: ReactNode;
}

/** A page that failed to render says so and offers a way back, instead of going blank. */
export class RouteError extends Component<RouteErrorProps, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error: error ?? new Error('unknown error') };
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    const message = error instanceof Error ? error.message : JSON.stringify(error);
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
}
