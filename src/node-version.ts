/**
 * The Node check `src/main.ts` runs before anything else is loaded: on an older Node the app
 * would start and then fail far from the cause (e.g. `Map.groupBy is not a function` in a job).
 */

/** The lowest major version a package.json `engines.node` range such as `>=24` allows. */
export function requiredNodeMajor(engines: string): number {
  const match = /(\d+)/.exec(engines);
  if (!match) throw new Error(`package.json engines.node "${engines}" names no Node version`);
  return Number(match[1]);
}

/** One line saying what is needed and how to get it, or undefined when this Node will do. */
export function nodeVersionProblem(running: string, engines: string): string | undefined {
  const required = requiredNodeMajor(engines);
  const major = Number(/^v?(\d+)/.exec(running)?.[1]);
  if (major >= required) return undefined;
  const version = running.startsWith('v') ? running : `v${running}`;
  return (
    `Countervoice needs Node ${required} or newer (this is ${version}): run \`npm start\`, ` +
    `which installs it, or install Node ${required} from https://nodejs.org`
  );
}
