import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { systemActor, ROLES, type Role } from '#platform/actor.js';
import { isValidDate, UnknownCalendarYear, type WorkingCalendar } from '#platform/calendar/index.js';
import { backupDatabase, defaultBackupName, readBackupHeader, restoreDatabase } from '#platform/db/backup.js';
import { createKysely, createMigrator, migrateToLatest } from '#platform/db/database.js';
import { runningEmbeddedUrl } from '#platform/db/embedded.js';
import { DataDirInUseError } from '#platform/db/lock.js';
import { DomainError } from '#platform/errors.js';
import { systemClock } from '#platform/clock.js';
import { totpAt, totpStep } from '#platform/security/totp.js';
import { generatePassword } from '#modules/auth/index.js';
import { createAuditService } from '#modules/audit/index.js';
import { runInventoryScan } from '#modules/catalogue/index.js';
import { reindexAll } from '#modules/search/index.js';
import { createContainer } from '../container.js';
import { FINDING_LABELS, hasHighSeverity, screenText } from '#modules/screening/index.js';
import { boot } from './runtime.js';

interface Command {
  summary: string;
  usage: string;
  help: string;
  run(args: string[]): Promise<number>;
}

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

/** A progress bar for a count of items: redrawn on a terminal, every tenth otherwise. */
function countBar(unit: string) {
  const tty = process.stderr.isTTY;
  let lastTenth = -1;
  return {
    update(done: number, total: number, suffix = '') {
      const ratio = total === 0 ? 1 : Math.min(1, done / total);
      if (tty) {
        const width = 30;
        const filled = Math.round(ratio * width);
        process.stderr.write(`\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${unit}${suffix}`);
      } else if (Math.floor(ratio * 10) > lastTenth) {
        lastTenth = Math.floor(ratio * 10);
        err(`  ${Math.round(ratio * 100)}% ${done}/${total} ${unit}${suffix}`);
      }
    },
    end() {
      if (tty) err('');
    },
  };
}

/** `gongkai screen --published`: the 清理 scan of the whole published catalogue, with a progress bar. */
async function screenPublished(): Promise<number> {
  const config = loadConfig();
  const running = config.databaseUrl ? undefined : runningEmbeddedUrl(config.dataDir);
  const { database } = running ? { database: { ...createKysely(running, 2), close: async () => undefined } } : await boot();
  try {
    const audit = createAuditService({ db: database.db, clock: systemClock });
    const bar = countBar('条');
    const r = await runInventoryScan({ db: database.db, audit, clock: systemClock }, 'cli', (done, total, findings) => bar.update(done, total, `，发现 ${findings} 处`));
    bar.end();
    for (const [type, n] of Object.entries(r.byType).sort()) out(`${FINDING_LABELS[type as keyof typeof FINDING_LABELS] ?? type}：${n} 处`);
    out(`已扫描 ${r.scanned} 条已发布信息，发现 ${r.findings} 处。报告：/staff/screening/${r.reportId}`);
    return 0;
  } finally {
    await database.close();
    if (running) await database.pool.end();
  }
}

/** `gongkai search reindex`: rebuilds the search documents from the catalogue, resumable. */
async function searchReindex(args: string[]): Promise<number> {
  let resume: boolean;
  try {
    resume = parseArgs({ args, options: { resume: { type: 'boolean', default: false } } }).values.resume ?? false;
  } catch (e) {
    err(`${e instanceof Error ? e.message : String(e)} ${commands['search reindex']!.usage}`);
    return 2;
  }
  const config = loadConfig();
  const running = config.databaseUrl ? undefined : runningEmbeddedUrl(config.dataDir);
  const { database, container } = running
    ? (() => {
        const database = { ...createKysely(running, 2), close: async () => undefined };
        return { database, container: createContainer({ db: database.db, config }) };
      })()
    : await boot();
  try {
    const bar = countBar('条');
    const r = await reindexAll({ db: database.db, analyzer: container.analyzer, guides: container.guides }, { resume, onProgress: (done, total) => bar.update(done, total) });
    bar.end();
    out(`${r.resumedFrom ? `从编号 ${r.resumedFrom} 之后继续，` : ''}已索引 ${r.items} 条公开信息、${r.guides} 份指南和 ${r.matters} 项权责清单与办事指南，移除 ${r.removed} 条已不公开的索引。运行中的服务器会自动读取这些变更。`);
    return 0;
  } finally {
    await database.close();
    if (running) await database.pool.end();
  }
}

/** A progress bar on a terminal; plain lines otherwise. */
function progress(label: string) {
  return (name: string, rows: number) => err(`  ${label} ${name.padEnd(20)} ${rows} rows`);
}

const commands: Record<string, Command> = {
  start: {
    summary: 'Start the web server (embedded PostgreSQL unless DATABASE_URL is set)',
    usage: 'gongkai start',
    help: 'Runs pending migrations, then serves on HOST:PORT. Stops cleanly on SIGINT/SIGTERM.\nConfiguration is read from environment variables (see README.md).',
    async run() {
      const { startWeb } = await import('./web.js');
      await startWeb({ demo: false });
      return -1;
    },
  },
  demo: {
    summary: 'Start with the demo city 示范市 loaded, printing demo accounts',
    usage: 'gongkai demo',
    help: 'Like `start`, and loads the fictional city 示范市 (agencies, one account per role) on first run.\nThe demo accounts and their passwords are printed at start-up. Never use demo mode in production.',
    async run() {
      process.env.GONGKAI_DEMO = '1';
      const { startWeb } = await import('./web.js');
      await startWeb({ demo: true });
      return -1;
    },
  },
  'db migrate': {
    summary: 'Apply pending database migrations',
    usage: 'gongkai db migrate',
    help: 'Applies every pending migration (forward-only). The server also does this on start.',
    async run() {
      const { database } = await boot({ migrate: false });
      try {
        const applied = await migrateToLatest(database.db);
        out(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
        return 0;
      } finally {
        await database.close();
      }
    },
  },
  'user create': {
    summary: 'Create a staff account and grant it a role',
    usage: 'gongkai user create --username NAME --name 姓名 --agency SLUG --role ROLE [--password PASSWORD]',
    help: `Creates a staff account whose home agency is --agency (its URL slug) and grants --role there.\nRoles: ${ROLES.join(', ')}.\nWithout --password a strong one-time password is generated and printed. The action is audited.`,
    async run(args) {
      const { values } = parseArgs({ args, options: { username: { type: 'string' }, name: { type: 'string' }, agency: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' } } });
      if (!values.username || !values.name || !values.agency || !values.role) {
        err('Missing option. ' + commands['user create']!.usage);
        return 2;
      }
      if (!ROLES.includes(values.role as Role)) {
        err(`Unknown role ${values.role}. Roles: ${ROLES.join(', ')}`);
        return 2;
      }
      const { database, container } = await boot();
      try {
        const org = await database.db.selectFrom('organisations').select(['id', 'name']).where('slug', '=', values.agency).executeTakeFirst();
        if (!org) {
          err(`No agency with slug "${values.agency}".`);
          return 2;
        }
        const password = values.password ?? generatePassword();
        const u = await container.users.provisionUser(systemActor('cli'), {
          kind: 'staff',
          username: values.username.toLowerCase(),
          displayName: values.name,
          homeOrgId: org.id,
          password,
          roles: [{ orgId: org.id, role: values.role as Role }],
        });
        out(`Created ${u.username} (${values.role} at ${org.name}).${values.password ? '' : ` One-time password: ${password}`}`);
        return 0;
      } finally {
        await database.close();
      }
    },
  },
  'audit verify': {
    summary: 'Verify the hash chain of the audit trail',
    usage: 'gongkai audit verify',
    help: 'Walks every audit entry in order, recomputing each hash. Exits 0 when the chain is intact;\notherwise exits 1 and names the first altered, deleted or reordered entry.',
    async run() {
      const { database, container } = await boot();
      try {
        const r = await container.audit.verify();
        (r.ok ? out : err)(r.message);
        return r.ok ? 0 : 1;
      } finally {
        await database.close();
      }
    },
  },
  backup: {
    summary: 'Write a consistent backup archive of the whole database',
    usage: 'gongkai backup [FILE]',
    help: 'Writes one gzip archive (default gongkai-backup-YYYYMMDD-HHMMSS.gz) from a single consistent\nsnapshot, while the site keeps running: with the embedded database it connects to the server\nthat `gongkai start` runs on DATA_DIR, or starts it when none runs. Restore it with\n`gongkai restore FILE`.',
    async run(args) {
      const file = args[0] ?? defaultBackupName();
      const config = loadConfig();
      const running = config.databaseUrl ? undefined : runningEmbeddedUrl(config.dataDir);
      const { database } = running ? { database: { ...createKysely(running, 2), close: async () => undefined } } : await boot();
      try {
        const h = await backupDatabase(database.pool, file, progress('backed up'));
        out(`Backup written to ${file} (${h.tables.reduce((s, t) => s + t.rows, 0)} rows in ${h.tables.length} tables).`);
        return 0;
      } finally {
        await database.close();
        if (running) await database.pool.end();
      }
    },
  },
  restore: {
    summary: 'Restore a backup archive into an empty database',
    usage: 'gongkai restore FILE',
    help: 'Restores FILE into the configured database, which must be empty (a new DATA_DIR, or an empty\nDATABASE_URL). Migrates to the archive\'s schema version, loads every table in one transaction,\nthen applies newer migrations and verifies the audit chain.',
    async run(args) {
      const file = args[0];
      if (!file || !fs.existsSync(file)) {
        err(`Backup file not found. ${commands.restore!.usage}`);
        return 2;
      }
      const header = await readBackupHeader(file);
      const { database, container } = await boot({ migrate: false });
      try {
        const last = header.migrations[header.migrations.length - 1];
        if (last) {
          const r = await createMigrator(database.db).migrateTo(last);
          if (r.error) throw r.error instanceof Error ? r.error : new Error(JSON.stringify(r.error));
        }
        await restoreDatabase(database.pool, file, progress('restored'));
        await migrateToLatest(database.db);
        const v = await container.audit.verify();
        out(`Restored ${file}. ${v.message}`);
        return v.ok ? 0 : 1;
      } finally {
        await database.close();
      }
    },
  },
  'calendar is-workday': {
    summary: 'Say whether a date is a working day (true/false)',
    usage: 'gongkai calendar is-workday YYYY-MM-DD',
    help: 'Prints true or false for the city-wide working-day calendar: the bundled State Council\nnotices plus the days the coordinator entered. A year with no arrangement is reported as\nunknown (exit 1), never guessed.',
    async run(args) {
      return calendarCommand(args, 1, (cal, [date]) => String(cal.isWorkday(date!)));
    },
  },
  'calendar add-workdays': {
    summary: 'Print the date N working days after a date',
    usage: 'gongkai calendar add-workdays YYYY-MM-DD N',
    help: 'Prints, as YYYY-MM-DD, the date N working days after the given day (the given day not\ncounted), skipping weekends and holidays and counting 调休 working days. Exit 1 when the count\nreaches a year whose arrangement is not known.',
    async run(args) {
      if (!/^\d{1,4}$/.test(args[1] ?? '')) {
        err(`N must be a whole number of working days. ${commands['calendar add-workdays']!.usage}`);
        return 2;
      }
      return calendarCommand(args, 2, (cal, [date, n]) => cal.addWorkdays(date!, Number(n)).date);
    },
  },
  screen: {
    summary: 'Find personal data and secrecy markings in a text (保密审查)',
    usage: 'gongkai screen [FILE] [--json] | gongkai screen --published',
    help: 'Reads FILE (UTF-8 text), or standard input when FILE is absent or -, and lists what must be\nreviewed before release: ID numbers, mobile and bank card numbers, addresses, names in lists,\n密级 markings and the like, each with its position and suggested mask. --json prints a JSON\narray of { type, start, end, masked, severity } (positions are UTF-16 offsets). Exit 0 when\nnothing is of high severity, 1 when something is. Needs no database.\n\n--published scans every published item of the catalogue (body and attachment text) with a\nprogress bar and writes a report that the workspace shows at /staff/screening (清理). It uses the\nserver that `gongkai start` runs on DATA_DIR, or starts the database when none runs.',
    async run(args) {
      let parsed;
      try {
        parsed = parseArgs({ args, options: { json: { type: 'boolean', default: false }, published: { type: 'boolean', default: false } }, allowPositionals: true });
      } catch (e) {
        err(`${e instanceof Error ? e.message : String(e)} ${commands.screen!.usage}`);
        return 2;
      }
      const { values, positionals } = parsed;
      if (values.published) {
        if (positionals.length > 0 || values.json) {
          err(`--published 不能与文件或 --json 同用。--published takes no FILE and no --json. ${commands.screen!.usage}`);
          return 2;
        }
        return screenPublished();
      }
      if (positionals.length > 1) {
        err(`只能指定一个文件。Give at most one FILE. ${commands.screen!.usage}`);
        return 2;
      }
      const file = positionals[0];
      let text: string;
      if (file === undefined || file === '-') {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        text = Buffer.concat(chunks).toString('utf8');
      } else {
        if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
          err(`文件不存在：${file}。File not found. ${commands.screen!.usage}`);
          return 2;
        }
        text = fs.readFileSync(file, 'utf8');
      }
      const findings = screenText(text);
      if (values.json) {
        out(JSON.stringify(findings.map(({ type, start, end, masked, severity }) => ({ type, start, end, masked, severity }))));
      } else {
        const level = { high: '高', medium: '中', low: '低' } as const;
        for (const f of findings) out(`${FINDING_LABELS[f.type]}（${level[f.severity]}） ${f.start}–${f.end} ${f.masked}`);
        const high = findings.filter((f) => f.severity === 'high').length;
        out(findings.length ? `共 ${findings.length} 处，其中高风险 ${high} 处${high ? '，处理前不得公开' : ''}。` : '未发现需要审查的内容。');
      }
      return hasHighSeverity(findings) ? 1 : 0;
    },
  },
  'search reindex': {
    summary: 'Rebuild the search index from the catalogue (resumable)',
    usage: 'gongkai search reindex [--resume]',
    help: 'Re-tokenises every public item of the catalogue and every agency guide into the search\ndocuments, in batches with a progress bar, and removes documents of items no longer public.\nEach batch commits with a cursor: after an interruption, --resume continues where it stopped.\nA running server picks the changes up at once (it reads the change log before each query).\nUses the server that `gongkai start` runs on DATA_DIR, or starts the database when none runs.',
    run: (args) => searchReindex(args),
  },
  totp: {
    summary: 'Print the current two-factor code for a secret (demo and testing)',
    usage: 'gongkai totp SECRET',
    help: 'Prints the 6-digit TOTP code of a base32 secret for the current 30-second step, as an\nauthenticator app would. Useful with the demo accounts, whose secrets are printed by `gongkai demo`.',
    async run(args) {
      if (!args[0]) {
        err(commands.totp!.usage);
        return 2;
      }
      out(totpAt(args[0], totpStep(new Date())));
      return 0;
    },
  },
};

/** Runs a calendar question on the configured database's calendar. */
async function calendarCommand(args: string[], arity: number, answer: (cal: WorkingCalendar, args: string[]) => string): Promise<number> {
  if (args.length !== arity || !isValidDate(args[0] ?? '')) {
    err(`日期无效，应为 YYYY-MM-DD 格式的真实日期。Give a real date as YYYY-MM-DD.`);
    return 2;
  }
  const { database, container } = await boot();
  try {
    out(answer(await container.calendar.forAgency(null), args));
    return 0;
  } catch (e) {
    if (e instanceof UnknownCalendarYear) {
      err(`${e.message} The arrangement for ${e.year} is not known yet.`);
      return 1;
    }
    throw e;
  } finally {
    await database.close();
  }
}

function usage(): string {
  const lines = ['Gongkai (公开) — 政务公开 platform', '', 'Usage: gongkai <command> [options]', '', 'Commands:'];
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${name.padEnd(22)} ${c.summary}`);
  lines.push('', 'Run `gongkai <command> --help` for details. Configuration: environment variables (README.md).');
  return lines.join('\n');
}

/** Parses argv, runs the command, and maps failures to a clear message and an exit code. */
export async function main(argv: string[]): Promise<number> {
  const two = argv.slice(0, 2).join(' ');
  const name = commands[two] ? two : argv[0];
  const cmd = name ? commands[name] : undefined;
  const rest = argv.slice(name?.split(' ').length ?? 0);
  if (!cmd) {
    out(usage());
    return name && name !== '--help' && name !== 'help' && name !== '-h' ? 2 : 0;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(`Usage: ${cmd.usage}\n\n${cmd.summary}.\n\n${cmd.help}`);
    return 0;
  }
  if (name !== 'start' && name !== 'demo') {
    // One-shot commands: a signal ends the process, whose exit hook stops an embedded server.
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(sig === 'SIGINT' ? 130 : 143));
  }
  try {
    loadConfig();
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof DataDirInUseError || e instanceof DomainError) err(e.message + (e instanceof DomainError && Object.keys(e.fields).length ? ` ${JSON.stringify(e.fields)}` : ''));
    else err(`gongkai ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
