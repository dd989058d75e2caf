import { AuditRepository } from '../../src/audit/audit.repository.js';
import { seedDemoLibrary } from '../../src/demo/demo-library.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('demo library', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DEMO_MODE: 'true' });
  });
  afterAll(() => t.close());

  it('holds the ICSR report and the two press-quoted testimonies, vetted and usable', async () => {
    const analyst = await t.as(['analyst']);
    const usable = await analyst.get('/api/library/quotes?usableNow=true').expect(200);
    const byName = Object.fromEntries(
      usable.body.items.map((q: { defector: { displayName: string } }) => [
        q.defector.displayName,
        q,
      ]),
    );
    expect(Object.keys(byName).sort()).toEqual(['Areeb Majeed', 'Hamza']);
    expect(byName.Hamza).toMatchObject({
      text: 'These scenes terrified me. I imagined myself being caught up in these shootings, executions, beheadings and raping, if I stayed where I was.',
      themes: ['brutality_against_sunnis'],
      verification: 'single_source',
      identityRisk: 'medium',
      identityRiskFlags: ['age', 'hometown'],
      sensitivityFlags: ['graphic_violence', 'sexual_violence'],
      vetting: { status: 'vetted', safetyReviewerRequired: true },
      source: {
        url: 'https://icsr.info/wp-content/uploads/2015/09/ICSR-Report-Victims-Perpertrators-Assets-The-Narratives-of-Islamic-State-Defectors.pdf',
      },
    });
    expect(byName['Areeb Majeed']).toMatchObject({
      text: 'There was neither a holy war nor any of the preachings in the holy book were followed.',
      themes: ['corruption_unislamic', 'dull_duties'],
      legalFlags: ['ongoing_prosecution'],
      vetting: { status: 'vetted', legalSignOffRequired: true, awaiting: [] },
    });
    const hamza = await analyst
      .get(`/api/library/defectors/${byName.Hamza.defector.id}`)
      .expect(200);
    expect(hamza.body).toMatchObject({
      nationality: 'Iraqi',
      ageAsReported: 33,
      consentStatus: 'public_record',
    });
  });

  it('marks every other quote as a sample', async () => {
    const analyst = await t.as(['analyst']);
    const others = await analyst.get('/api/library/quotes?usableNow=false').expect(200);
    expect(others.body.items.length).toBeGreaterThan(0);
    for (const q of others.body.items) {
      expect(q.text).toMatch(/^\[SAMPLE\]/);
      expect(q.source.outlet).toMatch(/SAMPLE/);
    }
  });

  it('is idempotent', async () => {
    const count = async () =>
      (await t.db.execute<{ n: number }>('SELECT count(*)::int AS n FROM quotes' as never)).rows[0]!
        .n;
    const before = await count();
    expect(await seedDemoLibrary(t.db, t.app.get(AuditRepository))).toBe(0);
    expect(await count()).toBe(before);
  });
});
