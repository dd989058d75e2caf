// The entry point checks the Node version before loading the app: static imports are evaluated
// first, and on an older Node the app would start and fail later far from the cause.
import { readFileSync } from 'node:fs';
import { nodeVersionProblem } from './node-version.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string };
};
const problem = nodeVersionProblem(process.versions.node, pkg.engines.node);
if (problem !== undefined) {
  console.error(problem);
  process.exit(1);
}
await import('./server.js');
