import pg from 'pg';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('user administration and the audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lets nobody remove the last active admin, rolling back the change and its audit row together', async () => {
    const admin = await t.as(['admin']);
    const count = async () =>
      (await t.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events'))[0]!.n;
    const auditRowsBefore = await count();
    // The role update is written, then the last-admin rule fails the transaction.
    const res = await admin
      .put(`/api/users/${admin.userId}/roles`, { roles: ['editor'] })
      .expect(409);
    expect(await count()).toBe(auditRowsBefore);
    expect(res.body.detail).toContain('no active admin');
    await admin.post(`/api/users/${admin.userId}/disable`, {}).expect(409);
    const me = await admin.get('/api/auth/me').expect(200);
    expect(me.body.roles).toEqual(['admin']);
  });

  it('changes roles with immediate effect and records who did it, before and after', async () => {
    const admin = await t.as(['admin']);
    const { id, email } = await t.user(['author']);
    const member = await t.signIn(email);
    await member.get('/api/users').expect(403);
    await admin.put(`/api/users/${id}/roles`, { roles: ['author', 'admin'] }).expect(200);
    await member.get('/api/users').expect(200);

    const audit = await admin
      .get(`/api/audit-events?entityType=user&entityId=${id}&action=user.roles_changed`)
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
    // What the trail says of the event, and nothing of the database's bookkeeping (its transaction).
    expect(Object.keys(audit.body.items[0]).sort()).toEqual(
      [
        'action',
        'actionLabel',
        'actorId',
        'actorLabel',
        'after',
        'at',
        'before',
        'entityId',
        'entityType',
        'id',
      ].sort(),
    );
    expect(audit.body.items[0]).toMatchObject({
      actorId: admin.userId,
      actorLabel: admin.email,
      before: { roles: ['author'] },
      after: { roles: ['author', 'admin'] },
    });
  });

  it('filters the audit log by actor and time, newest first', async () => {
    const admin = await t.as(['admin']);
    const from = new Date().toISOString();
    await admin
      .post('/api/users', {
        email: 'audit-a@test.countervoice.test',
        displayName: 'A',
        password: 'long enough pw',
        roles: ['analyst'],
      })
      .expect(201);
    await admin
      .post('/api/users', {
        email: 'audit-b@test.countervoice.test',
        displayName: 'B',
        password: 'long enough pw',
        roles: ['analyst'],
      })
      .expect(201);
    const res = await admin
      .get(`/api/audit-events?actorId=${admin.userId}&action=user.created&from=${from}`)
      .expect(200);
    expect(res.body.items.map((e: { after: { email: string } }) => e.after.email)).toEqual([
      'audit-b@test.countervoice.test',
      'audit-a@test.countervoice.test',
    ]);
    await (await t.as(['editor'])).get('/api/audit-events').expect(403);
  });

  it('refuses to alter or delete audit rows, even for the application itself', async () => {
    // The application's role holds no such privilege at all.
    for (const statement of [
      `UPDATE audit_events SET action = 'forged'`,
      `DELETE FROM audit_events`,
      `TRUNCATE audit_events`,
    ]) {
      await expect(t.query(statement)).rejects.toThrow(/permission denied/);
    }
    // And the trigger stops even the schema's owner.
    const owner = new pg.Client({ connectionString: t.config.database.url });
    await owner.connect();
    try {
      await expect(owner.query(`UPDATE audit_events SET action = 'forged'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(owner.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
      await expect(owner.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
  });

  it('never returns password hashes', async () => {
    const admin = await t.as(['admin']);
    const list = await admin.get('/api/users').expect(200);
    expect(JSON.stringify(list.body)).not.toMatch(/argon2|passwordHash/);
  });
});
