import { REGISTERED_PLATFORMS } from '../platforms/platforms.js';
import { CONNECT_FLOWS } from './connect-flows.js';

describe('registered connect flows', () => {
  it('serves a connect flow for exactly the platforms whose definition declares one, once each', () => {
    const declared = REGISTERED_PLATFORMS.filter((p) => p.connect.kind !== 'none').map(
      (p) => p.name,
    );
    expect(CONNECT_FLOWS.map((f) => f.platform).sort()).toEqual([...declared].sort());
  });
});
