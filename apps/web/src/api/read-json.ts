/** The body of an answer as JSON, null when it is not (a proxy's HTML error page, an empty body). */
export async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return null;
  }
}
