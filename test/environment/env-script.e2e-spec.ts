import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// scripts/env.sh, run in a throwaway project with an `npm` that only records how it was called.
const ENV_SH = fileURLToPath(new URL('../../scripts/env.sh', import.meta.url));

const LOCK = {
  name: 'p',
  lockfileVersion: 3,
  packages: {
    '': { name: 'p' },
    'node_modules/left-pad': { version: '1.3.0' },
    'node_modules/fsevents': { version: '2.3.3', optional: true },
  },
};
const installedLock = (leftPad: string) =>
  JSON.stringify({ name: 'p', packages: { 'node_modules/left-pad': { version: leftPad } } });

describe('scripts/env.sh', () => {
  let root: string;
  let npmCalls: string;

  const run = (script: string) => {
    const result = spawnSync('bash', ['-c', `source scripts/env.sh\n${script}`], {
      cwd: root,
      encoding: 'utf8',
      env: {
        HOME: root,
        PATH: `${join(root, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`,
      },
    });
    return { ...result, output: result.stdout + result.stderr };
  };
  const npmRuns = () => (existsSync(npmCalls) ? readFileSync(npmCalls, 'utf8').trim() : '');

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'cv-env-'));
    npmCalls = join(root, 'npm-calls');
    mkdirSync(join(root, 'scripts'));
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'src'));
    copyFileSync(ENV_SH, join(root, 'scripts/env.sh'));
    writeFileSync(join(root, 'package.json'), '{ "engines": { "node": ">=24" } }\n');
    writeFileSync(join(root, 'package-lock.json'), JSON.stringify(LOCK));
    writeFileSync(join(root, 'src/main.ts'), 'export {};\n');
    // `npm ci` "installs" what the lock pins and, like `prepare`, builds.
    writeFileSync(
      join(root, 'bin/npm'),
      `#!/bin/sh\necho "$*" >> ${npmCalls}\nmkdir -p node_modules dist\n` +
        `echo '${installedLock('1.3.0')}' > node_modules/.package-lock.json\n`,
      { mode: 0o755 },
    );
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('never runs npm ci through a node_modules link, even when it does not match the lock', () => {
    const shared = join(root, 'shared-modules');
    mkdirSync(shared);
    writeFileSync(join(shared, '.package-lock.json'), installedLock('1.2.0'));
    symlinkSync(shared, join(root, 'node_modules'));

    const { status, output } = run('cv_install');

    expect(status).toBe(0);
    expect(output).toMatch(/not reinstalling through the link/);
    expect(npmRuns()).toBe('');
    expect(readFileSync(join(shared, '.package-lock.json'), 'utf8')).toContain('1.2.0');
  });

  it('leaves a linked node_modules that matches the lock alone, without writing into it', () => {
    const shared = join(root, 'shared-modules');
    mkdirSync(shared);
    writeFileSync(join(shared, '.package-lock.json'), installedLock('1.3.0'));
    symlinkSync(shared, join(root, 'node_modules'));

    expect(run('cv_install').output).toMatch(/dependencies match package-lock.json/);
    expect(npmRuns()).toBe('');
    expect(existsSync(join(shared, '.cv-install-stamp'))).toBe(false);
  });

  it('installs once with npm ci, then again only when package-lock.json changes', () => {
    expect(run('cv_install').status).toBe(0);
    expect(npmRuns()).toBe('ci --include=dev --no-audit --no-fund');

    expect(run('cv_install').output).toMatch(/dependencies up to date/);
    expect(npmRuns().split('\n')).toHaveLength(1);

    writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ ...LOCK, name: 'changed' }));
    run('cv_install');
    expect(npmRuns().split('\n')).toHaveLength(2);
  });

  it('takes an install made by hand that matches the lock, optional packages aside', () => {
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, 'node_modules/.package-lock.json'), installedLock('1.3.0'));

    expect(run('cv_install').output).toMatch(/dependencies match package-lock.json/);
    expect(run('cv_install').output).toMatch(/dependencies up to date/);
    expect(npmRuns()).toBe('');
  });

  it('rebuilds when a source changes, committed or not, and not for other files', () => {
    mkdirSync(join(root, 'dist'));
    mkdirSync(join(root, 'web/dist'), { recursive: true });
    writeFileSync(join(root, 'dist/main.js'), '');
    writeFileSync(join(root, 'web/dist/index.html'), '');
    const build = () => run('cv_build').output;

    expect(build()).toMatch(/building/);
    expect(build()).toMatch(/build up to date/);
    writeFileSync(join(root, 'README.md'), 'words\n');
    writeFileSync(join(root, 'web/dist/index.html'), 'the build output itself');
    expect(build()).toMatch(/build up to date/);
    writeFileSync(join(root, 'src/main.ts'), 'export const changed = 1;\n');
    expect(build()).toMatch(/building/);
    expect(npmRuns().split('\n')).toEqual(['run build', 'run build']);
  });

  it('names a missing PostgreSQL and Redis, where it looked, and how to install them', () => {
    // Nothing listens on these ports; the machine's own installs are hidden from the check.
    const { status, stderr } = run(
      'cv_postgres_installed() { return 1; }; cv_find_redis_server() { return 1; }\n' +
        'DATABASE_URL=postgres://postgres@127.0.0.1:1/x REDIS_URL=redis://localhost:2 cv_services app',
    );

    expect(status).not.toBe(0);
    expect(stderr).toMatch(
      /PostgreSQL is missing: nothing answers on 127\.0\.0\.1:1.*pg_ctlcluster/,
    );
    expect(stderr).toMatch(
      /Redis is missing: nothing answers on localhost:2.*redis-server in PATH/,
    );
    expect(stderr).toContain('Debian/Ubuntu: sudo apt-get install -y postgresql redis-server');
    expect(stderr).toContain(
      'macOS:         brew install postgresql@17 redis && brew services start postgresql@17 && brew services start redis',
    );
  });
});
