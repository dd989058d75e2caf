import pg from 'pg';
import { loadConfig } from '../../src/config/app-config.js';
import { PG_POOL } from '../../src/db/database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('the application connects to PostgreSQL as an unprivileged role', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is the configured role, neither superuser nor able to bypass row security', async () => {
    const [me] = await t.query<{ user: string; super: boolean; bypass: boolean; owner: string }>(
      `SELECT current_user AS user, rolsuper AS super, rolbypassrls AS bypass,
              (SELECT tableowner FROM pg_tables WHERE tablename = 'audit_events') AS owner
         FROM pg_roles WHERE rolname = current_user`,
    );
    expect(me).toMatchObject({ user: 'countervoice_app', super: false, bypass: false });
    expect(me!.owner).not.toBe('countervoice_app');
  });

  it('cannot switch the audit trigger off with session_replication_role', async () => {
    const client = await t.app.get<pg.Pool>(PG_POOL).connect();
    try {
      await expect(client.query('SET session_replication_role = replica')).rejects.toMatchObject({
        code: '42501',
      });
      await expect(
        client.query(`UPDATE audit_events SET action = 'forged' WHERE true`),
      ).rejects.toMatchObject({ code: '42501' });
      await expect(client.query('DELETE FROM audit_events')).rejects.toMatchObject({
        code: '42501',
      });
      await expect(client.query('ALTER TABLE audit_events DISABLE TRIGGER USER')).rejects.toThrow(
        /must be owner/,
      );
    } finally {
      client.release();
    }
  });

  it('still signs in, writes and reads the audit trail through the API', async () => {
    const admin = await t.as(['admin']);
    await admin
      .post('/api/users', {
        email: 'role-check@test.countervoice.test',
        displayName: 'Role Check',
        password: 'a long enough pw',
        roles: ['analyst'],
      })
      .expect(201);
    const res = await admin.get('/api/audit-events?action=user.created').expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
  });

  it('keeps the owner for migrations and refuses a role that is the owner', async () => {
    const owner = new pg.Client({ connectionString: t.config.database.url });
    await owner.connect();
    try {
      const [row] = (await owner.query<{ u: string }>('SELECT current_user AS u')).rows;
      expect(row!.u).not.toBe('countervoice_app');
    } finally {
      await owner.end();
    }
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgres://owner@db/cv', DATABASE_APP_ROLE: 'owner' }),
    ).toThrow(/DATABASE_APP_ROLE: must differ from the DATABASE_URL user/);
  });
});
