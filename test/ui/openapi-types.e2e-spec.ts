import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMMITTED = join(ROOT, 'web/src/api/schema.d.ts');

/** The first line where two texts differ, 1-based, with both versions of it. */
function firstDifference(a: string, b: string) {
  const left = a.split('\n');
  const right = b.split('\n');
  const line = left.findIndex((text, i) => text !== right[i]);
  const at = line === -1 ? left.length : line;
  return { line: at + 1, generated: left[at] ?? '<end>', committed: right[at] ?? '<end>' };
}

describe('the web UI’s API types', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'cv-openapi-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('match the running app’s OpenAPI document (regenerate with npm run web:types)', async () => {
    const res = await t.http().get('/api/openapi.json').expect(200);
    const document = join(dir, 'openapi.json');
    const generated = join(dir, 'schema.d.ts');
    writeFileSync(document, `${JSON.stringify(res.body, null, 2)}\n`);
    execFileSync(join(ROOT, 'node_modules/.bin/openapi-typescript'), [document, '-o', generated], {
      stdio: 'pipe',
    });
    // npm run web:types formats the file with the repository's Prettier settings; so does this.
    const fresh = execFileSync(
      join(ROOT, 'node_modules/.bin/prettier'),
      ['--stdin-filepath', COMMITTED],
      { cwd: ROOT, input: readFileSync(generated), encoding: 'utf8' },
    );
    const committed = readFileSync(COMMITTED, 'utf8');
    expect(fresh.length).toBeGreaterThan(1000);
    // Shown this way so a failure names the first stale line instead of printing two whole files.
    expect(firstDifference(fresh, committed)).toEqual({
      line: fresh.split('\n').length + 1,
      generated: '<end>',
      committed: '<end>',
    });
  });
});
