import { readFileSync } from 'node:fs';
import { nodeVersionProblem, requiredNodeMajor } from './node-version.js';

describe('requiredNodeMajor', () => {
  it('reads the major version out of the engines range', () => {
    expect(requiredNodeMajor('>=24')).toBe(24);
    expect(requiredNodeMajor('>=24.3.0')).toBe(24);
    expect(requiredNodeMajor('^22 || >=24')).toBe(22);
  });

  it('refuses a range without a version rather than letting any Node through', () => {
    expect(() => requiredNodeMajor('*')).toThrow(/names no Node version/);
  });

  it('matches the range package.json declares', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
    expect(requiredNodeMajor(pkg.engines.node)).toBe(24);
  });
});

describe('nodeVersionProblem', () => {
  it('says which Node is needed, which one runs, and how to get the right one', () => {
    expect(nodeVersionProblem('20.20.2', '>=24')).toBe(
      'Countervoice needs Node 24 or newer (this is v20.20.2): run `npm start`, which installs ' +
        'it, or install Node 24 from https://nodejs.org',
    );
  });

  it('refuses every older major, including ones with a two-digit minor', () => {
    for (const running of ['18.0.0', '20.20.2', '22.22.3', '23.11.1', 'v23.99.0']) {
      expect(nodeVersionProblem(running, '>=24')).toMatch(/^Countervoice needs Node 24 /);
    }
  });

  it('accepts the targeted major and anything newer', () => {
    for (const running of ['24.0.0', '24.21.0', '25.1.0', 'v26.0.0']) {
      expect(nodeVersionProblem(running, '>=24')).toBeUndefined();
    }
  });

  it('is one line', () => {
    expect(nodeVersionProblem('20.20.2', '>=24')).not.toMatch(/\n/);
  });
});
