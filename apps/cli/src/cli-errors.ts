/** An error the CLI reports as one line on stderr, with the exit code it ends with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command line: the message is followed by the command's usage. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** The server answered with the REST error shape; the message is the server's. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error body's details, as the server gave them. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The server is older than the command: the route does not exist there. */
export class NotSupportedError extends CliError {
  constructor(method: string, path: string) {
    super(`${method} ${path} is not supported by this server (a newer supfleet server is needed)`);
  }
}

export class ServerUnreachableError extends CliError {}
