import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { APP_HEAP_FLAGS } from '../../bench/support/processes.js';

const read = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8');

/** The api benchmark measures the app started the way production starts it. */
describe('the app’s heap flags', () => {
  it('are the same in the Docker image, npm start and the api benchmark', () => {
    expect(read('Dockerfile')).toContain(
      `CMD ["node", ${APP_HEAP_FLAGS.map((f) => `"${f}"`).join(', ')}, "dist/main.js"]`,
    );
    expect(read('scripts/start.sh')).toContain(
      `exec node ${APP_HEAP_FLAGS.join(' ')} dist/main.js`,
    );
  });
});
