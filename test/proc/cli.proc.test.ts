/**
 * Whole-process tests of the `gongkai` command line: help and usage, exit codes, `db migrate`,
 * `user create`, `totp`, and `audit verify` on the demo data, intact and tampered with.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/platform/db/database.js';
import { createProcEnv } from './helpers.js';

const { freshDir, gk, loadDemo, postgresOf, cleanup } = createProcEnv();

/** A copy of a stopped instance's data folder (ownership kept: the cluster belongs to postgres when run as root). */
function copyDir(from: string): string {
  const to = freshDir();
  execFileSync('cp', ['-a', `${from}/.`, to]);
  return to;
}

/** Changes the audit trail behind its append-only trigger, as an intruder with superuser rights could. */
async function tamper(dataDir: string, statement: string): Promise<void> {
  const database = await openDatabase({ databaseUrl: undefined, dataDir, poolSize: 1 });
  try {
    await database.pool.query(`BEGIN; SET LOCAL session_replication_role = replica; ${statement}; COMMIT;`);
  } finally {
    await database.close();
  }
}

after(cleanup);

const COMMANDS = ['start', 'demo', 'db migrate', 'user create', 'audit verify', 'backup', 'restore', 'calendar is-workday', 'calendar add-workdays', 'screen', 'search reindex', 'totp'];

describe('gongkai: help and usage', () => {
  const dataDir = freshDir();

  it('--help lists every command', async () => {
    const r = await gk(['--help'], dataDir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Usage: gongkai <command>/);
    for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^  ${c} +\\S`, 'm'), `--help lists ${c}`);
  });

  it('prints the usage of each command with <command> --help', async () => {
    const runs = await Promise.all(COMMANDS.map((c) => gk([...c.split(' '), '--help'], dataDir)));
    runs.forEach((r, i) => {
      assert.equal(r.code, 0, `${COMMANDS[i]} --help: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^Usage: gongkai ${COMMANDS[i]}\\b`), `${COMMANDS[i]} --help`);
      assert.ok(r.stdout.split('\n').length >= 4, `${COMMANDS[i]} --help explains the command`);
    });
    // Help starts nothing: no database was initialised in DATA_DIR.
    assert.deepEqual(fs.readdirSync(dataDir), []);
  });

  it('exits 2 with the list of commands on an unknown command', async () => {
    const r = await gk(['frobnicate'], dataDir);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /Commands:/);
  });

  it('screen --json prints an ID number\'s type and masked value, never the number, and needs no database', async () => {
    const file = `${freshDir()}/list.txt`;
    // 11010119900307123 + its GB 11643 check character 3.
    fs.writeFileSync(file, '序号 姓名 身份证号\n1 张三 110101199003071233\n');
    const r = await gk(['screen', file, '--json'], dataDir);
    assert.equal(r.code, 1, r.stderr);
    const findings = JSON.parse(r.stdout) as { type: string; masked: string; severity: string }[];
    assert.ok(findings.some((f) => f.type === 'id-number' && f.masked === '110101********1233' && f.severity === 'high'));
    assert.ok(!r.stdout.includes('110101199003071233'));
    assert.equal(fs.readdirSync(dataDir).length, 0, 'no database was started');
    const clean = `${freshDir()}/clean.txt`;
    fs.writeFileSync(clean, '为进一步做好政务公开工作，现将有关事项通知如下。');
    assert.equal((await gk(['screen', clean], dataDir)).code, 0);
  });

  it('calendar add-workdays and is-workday answer from the working-day calendar', async () => {
    const d = freshDir();
    const add = await gk(['calendar', 'add-workdays', '2024-02-09', '1'], d);
    assert.equal(add.code, 0, add.stderr);
    assert.equal(add.stdout, '2024-02-18\n');
    assert.equal((await gk(['calendar', 'is-workday', '2024-02-18'], d)).stdout, 'true\n');
    const unknown = await gk(['calendar', 'is-workday', '2027-03-01'], d);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /2027 年的节假日安排尚未录入/);
    assert.equal((await gk(['calendar', 'add-workdays', '2024-02-30', '1'], d)).code, 2);
  });

  it('totp prints the 6-digit code of a secret, and usage without one', async () => {
    const r = await gk(['totp', 'JBSWY3DPEHPK3PXP'], dataDir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\d{6}\n$/);
    const bare = await gk(['totp'], dataDir);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /gongkai totp SECRET/);
  });

  it('user create exits 2 with usage on missing options or an unknown role', async () => {
    const [missing, role] = await Promise.all([
      gk(['user', 'create', '--username', 'someone'], dataDir),
      gk(['user', 'create', '--username', 'someone', '--name', '某人', '--agency', 'shifan', '--role', 'emperor'], dataDir),
    ]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Missing option/);
    assert.match(missing.stderr, /gongkai user create --username/);
    assert.equal(role.code, 2);
    assert.match(role.stderr, /Unknown role emperor/);
    assert.match(role.stderr, /coordinator/);
  });
});

describe('gongkai db migrate', () => {
  const dataDir = freshDir();

  it('applies the migrations on a fresh data folder, then finds nothing to do', async () => {
    const first = await gk(['db', 'migrate'], dataDir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^Applied: \d{4}-\d{2}-\d{2}-\d{4}-foundation/);
    const again = await gk(['db', 'migrate'], dataDir);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /Database is up to date\./);
    assert.deepEqual(postgresOf(dataDir), [], 'the embedded server stops with the command');
  });
});

describe('gongkai user create and audit verify on the demo city', () => {
  const dataDir = freshDir();
  /** Entries of the demo trail (seq 1..entries), as counted by `audit verify`. */
  let entries = 0;
  before(async () => {
    await loadDemo(dataDir);
  });

  it('refuses an unknown agency slug with exit 2', async () => {
    const r = await gk(['user', 'create', '--username', 'new.editor', '--name', '新编辑', '--agency', 'no-such-agency', '--role', 'editor'], dataDir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /No agency with slug "no-such-agency"/);
  });

  it('creates a staff account, generating a one-time password, and refuses a taken name', async () => {
    const r = await gk(['user', 'create', '--username', 'New.Editor', '--name', '新编辑', '--agency', 'sz-jyj', '--role', 'editor'], dataDir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Created new\.editor \(editor at .+\)\. One-time password: \S{10,}/);
    const again = await gk(['user', 'create', '--username', 'new.editor', '--name', '新编辑', '--agency', 'sz-jyj', '--role', 'editor', '--password', 'Durable#Test-2026'], dataDir);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /用户名已被使用/);
  });

  it('audit verify passes on the demo data', async () => {
    const r = await gk(['audit', 'verify'], dataDir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /留痕链完整：已校验 \d+ 条记录/);
    entries = Number(/已校验 (\d+) 条/.exec(r.stdout)?.[1]);
    assert.ok(entries > 20, 'the demo seed is audited');
  });

  it('screen --published scans the demo catalogue and writes a report for the workspace', async () => {
    const copy = copyDir(dataDir);
    const r = await gk(['screen', '--published'], copy);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /已扫描 \d{4} 条已发布信息，发现 \d+ 处。报告：\/staff\/screening\/1/);
    assert.match(r.stderr, /100% /, 'progress is shown');
    const bad = await gk(['screen', '--published', 'x.txt'], copy);
    assert.equal(bad.code, 2);
  });

  it('search reindex rebuilds the search documents of the demo catalogue with a progress bar', async () => {
    const copy = copyDir(dataDir);
    const r = await gk(['search', 'reindex'], copy);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /已索引 1\d{3} 条公开信息、\d+ 份指南和 [1-9]\d+ 项权责清单与办事指南/);
    assert.match(r.stderr, /100% /, 'progress is shown');
    const bad = await gk(['search', 'reindex', '--nonsense'], copy);
    assert.equal(bad.code, 2);
  });

  it('audit verify fails naming an entry changed directly in the database', async () => {
    const copy = copyDir(dataDir);
    await tamper(copy, `UPDATE audit_entries SET summary = '{"x":1}' WHERE seq = 5`);
    const r = await gk(['audit', 'verify'], copy);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /第 5 条/);
    assert.match(r.stderr, /#5\b/);
    assert.match(r.stderr, /altered/);
  });

  it('audit verify fails naming an entry deleted directly in the database', async () => {
    const copy = copyDir(dataDir);
    await tamper(copy, `DELETE FROM audit_entries WHERE seq = 7`);
    const r = await gk(['audit', 'verify'], copy);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /第 7 条/);
    assert.match(r.stderr, /#7\b/);
    assert.match(r.stderr, /deleted/);
  });

  it('audit verify fails naming the newest entry when it is deleted', async () => {
    const copy = copyDir(dataDir);
    await tamper(copy, `DELETE FROM audit_entries WHERE seq = (SELECT max(seq) FROM audit_entries)`);
    assert.ok(entries > 0);
    const last = entries;
    const r = await gk(['audit', 'verify'], copy);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, new RegExp(`第 ${last} 条`));
    assert.match(r.stderr, new RegExp(`#${last}\\b`));
  });
});
