import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createKysely } from '../db/database.js';
import { createTestDatabase, type TestDatabase } from '#test/db.js';
import { backoffMs, createJobRunner, enqueue, LEASE_MS, purgeJobs, type JobLogger } from './index.js';

/** The wall clock, moved forward by `skip` (retries fall due without waiting). */
function skippingClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), skip: (ms: number) => (offset += ms) };
}

function captureLogger(): JobLogger & { lines: string[] } {
  const lines: string[] = [];
  const push = (obj: object, msg: string) => lines.push(JSON.stringify({ ...obj, msg }));
  return { lines, info: push, warn: push, error: push };
}

describe('job queue', () => {
  let tdb: TestDatabase;
  before(async () => {
    tdb = await createTestDatabase();
  });
  after(async () => {
    await tdb.drop();
  });
  beforeEach(async () => {
    await sql`DELETE FROM jobs`.execute(tdb.db);
  });
  const jobs = () => tdb.db.selectFrom('jobs').selectAll().orderBy('id').execute();

  it('keeps no job enqueued in a transaction that rolls back, and runs a committed one once', async () => {
    const seen: unknown[] = [];
    const runner = createJobRunner({ db: tdb.db, clock: skippingClock(), handlers: { 'test.record': async (p) => void seen.push(p) } });

    await assert.rejects(
      tdb.db.transaction().execute(async (tx) => {
        await enqueue(tx, { kind: 'test.record', payload: { n: 1 } });
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    assert.equal((await jobs()).length, 0);
    await tdb.db.transaction().execute((tx) => enqueue(tx, { kind: 'test.record', payload: { n: 2, text: '申请已受理' } }));

    assert.equal(await runner.runDue(), 1);
    assert.equal(await runner.runDue(), 0);
    assert.deepEqual(seen, [{ n: 2, text: '申请已受理' }]);
    const [job] = await jobs();
    assert.ok(job!.doneAt instanceof Date);
    assert.equal(job!.attempts, 1);
    assert.equal(job!.lockedUntil, null);
  });

  it('does not run a job before its runAt', async () => {
    const clock = skippingClock();
    let runs = 0;
    const runner = createJobRunner({ db: tdb.db, clock, handlers: { 'test.later': async () => void runs++ } });
    await enqueue(tdb.db, { kind: 'test.later', payload: {}, runAt: new Date(Date.now() + 3_600_000) });

    assert.equal(await runner.runDue(), 0);
    clock.skip(3_600_001);
    assert.equal(await runner.runDue(), 1);
    assert.equal(runs, 1);
  });

  it('retries a failing handler with exponential backoff, then marks the job failed, logging no address', async () => {
    const clock = skippingClock();
    const logger = captureLogger();
    const runner = createJobRunner({ db: tdb.db, clock, logger, handlers: { 'test.flaky': () => Promise.reject(new Error('550 <wang.wu@example.cn> rejected, call 13800138000')) } });
    await enqueue(tdb.db, { kind: 'test.flaky', payload: { related: 'request:7' }, maxAttempts: 3 });

    assert.equal(await runner.runDue(), 1);
    let [job] = await jobs();
    assert.equal(job!.attempts, 1);
    assert.equal(job!.failedAt, null);
    assert.match(job!.lastError!, /550/);
    const delay1 = job!.runAt.getTime() - clock.now().getTime();
    assert.ok(delay1 > 28_000 && delay1 <= 30_000, `first retry after ~30 s, got ${delay1}`);
    assert.equal(await runner.runDue(), 0, 'not due before the backoff');

    clock.skip(30_001);
    assert.equal(await runner.runDue(), 1);
    [job] = await jobs();
    const delay2 = job!.runAt.getTime() - clock.now().getTime();
    assert.ok(delay2 > 58_000 && delay2 <= 60_000, `second retry after ~60 s, got ${delay2}`);

    clock.skip(60_001);
    assert.equal(await runner.runDue(), 1);
    [job] = await jobs();
    assert.equal(job!.attempts, 3);
    assert.ok(job!.failedAt instanceof Date);
    clock.skip(3_600_000);
    assert.equal(await runner.runDue(), 0, 'a failed job is not run again');

    const log = logger.lines.join('\n');
    assert.ok(log.includes('"related":"request:7"'));
    assert.ok(!log.includes('wang.wu@example.cn') && !log.includes('13800138000'), log);
    assert.deepEqual([1, 2, 3, 8, 20].map(backoffMs), [30_000, 60_000, 120_000, 3_600_000, 3_600_000]);
  });

  it('fails a job of an unknown kind at once, saying so', async () => {
    const runner = createJobRunner({ db: tdb.db, clock: skippingClock() });
    await enqueue(tdb.db, { kind: 'test.nobody', payload: {} });

    assert.equal(await runner.runDue(), 1);

    const [job] = await jobs();
    assert.ok(job!.failedAt instanceof Date);
    assert.match(job!.lastError!, /no handler .* "test\.nobody"/);
  });

  it('never runs the same job twice in two concurrent runners (SKIP LOCKED)', async () => {
    const other = createKysely(tdb.url, 5);
    const ran: string[] = [];
    const handler = async (_p: unknown, ctx: { jobId: string }) => {
      ran.push(ctx.jobId);
      await new Promise((r) => setTimeout(r, Math.random() * 5));
    };
    const a = createJobRunner({ db: tdb.db, clock: skippingClock(), handlers: { 'test.race': handler }, concurrency: 3 });
    const b = createJobRunner({ db: other.db, clock: skippingClock(), handlers: { 'test.race': handler }, concurrency: 3 });
    for (let i = 0; i < 60; i++) await enqueue(tdb.db, { kind: 'test.race', payload: { i } });

    const [na, nb] = await Promise.all([a.runDue(), b.runDue()]);
    await other.db.destroy();

    assert.equal(na + nb, 60);
    assert.equal(ran.length, 60);
    assert.equal(new Set(ran).size, 60, 'each job ran exactly once');
    assert.ok((await jobs()).every((j) => j.doneAt !== null && j.attempts === 1));
  });

  it('keeps one pending job per dedupe key, and accepts the key again once that job is done', async () => {
    const runner = createJobRunner({ db: tdb.db, clock: skippingClock(), handlers: { 'test.remind': async () => undefined } });

    await enqueue(tdb.db, { kind: 'test.remind', payload: { n: 1 }, dedupeKey: 'remind:request:1:2026-12-01' });
    await enqueue(tdb.db, { kind: 'test.remind', payload: { n: 2 }, dedupeKey: 'remind:request:1:2026-12-01' });
    assert.equal((await jobs()).length, 1);
    assert.equal(await runner.runDue(), 1);
    await enqueue(tdb.db, { kind: 'test.remind', payload: { n: 3 }, dedupeKey: 'remind:request:1:2026-12-01' });

    assert.deepEqual((await jobs()).map((j) => j.payload), [{ n: 1 }, { n: 3 }]);
  });

  it('takes over a job whose worker died once its lease has run out', async () => {
    const clock = skippingClock();
    let runs = 0;
    const runner = createJobRunner({ db: tdb.db, clock, handlers: { 'test.lease': async () => void runs++ } });
    await enqueue(tdb.db, { kind: 'test.lease', payload: {} });
    // A worker claimed it, then the process died.
    await sql`UPDATE jobs SET attempts = 1, locked_until = ${new Date(clock.now().getTime() + LEASE_MS)}`.execute(tdb.db);

    assert.equal(await runner.runDue(), 0);
    clock.skip(LEASE_MS + 1000);
    assert.equal(await runner.runDue(), 1);

    assert.equal(runs, 1);
    assert.equal((await jobs())[0]!.attempts, 2);
  });

  it('purges finished jobs older than the retention period, and nothing pending', async () => {
    await enqueue(tdb.db, { kind: 'test.old', payload: { email: 'x@example.cn' } });
    await enqueue(tdb.db, { kind: 'test.old-failed', payload: {} });
    await enqueue(tdb.db, { kind: 'test.recent', payload: {} });
    await enqueue(tdb.db, { kind: 'test.pending', payload: {}, runAt: new Date(Date.now() - 90 * 86_400_000) });
    await sql`UPDATE jobs SET done_at = now() - interval '40 days' WHERE kind = 'test.old'`.execute(tdb.db);
    await sql`UPDATE jobs SET failed_at = now() - interval '40 days' WHERE kind = 'test.old-failed'`.execute(tdb.db);
    await sql`UPDATE jobs SET done_at = now() - interval '2 days' WHERE kind = 'test.recent'`.execute(tdb.db);

    assert.equal(await purgeJobs(tdb.db, 30), 2);

    assert.deepEqual((await jobs()).map((j) => j.kind), ['test.recent', 'test.pending']);
  });

  it('polls once started, and stop() waits for the job in hand', async () => {
    let finished = 0;
    const runner = createJobRunner({
      db: tdb.db,
      clock: skippingClock(),
      pollMs: 20,
      handlers: {
        'test.poll': async () => {
          await new Promise((r) => setTimeout(r, 50));
          finished++;
        },
      },
    });
    runner.start();
    await enqueue(tdb.db, { kind: 'test.poll', payload: {} });
    for (let i = 0; i < 100 && (await jobs())[0]!.attempts === 0; i++) await new Promise((r) => setTimeout(r, 10));

    await runner.stop();

    assert.equal(finished, 1);
    assert.ok((await jobs())[0]!.doneAt instanceof Date);
  });
});
