/**
 * Retries `attempt` until it succeeds or `timeoutMs` passes, reporting each failure, so a
 * process started before its database or Redis waits a bounded time instead of hanging or dying.
 */
export async function waitFor<T>(
  what: string,
  attempt: () => Promise<T>,
  timeoutMs: number,
  report: (line: string) => void,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 250;
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      const reason = error instanceof Error ? error.message || error.name : String(error);
      if (Date.now() + delay > deadline) {
        throw new Error(`${what} is not reachable after ${tries} attempt(s): ${reason}`);
      }
      report(`${what} is not reachable yet (${reason}); retrying in ${delay} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 5_000);
    }
  }
}
