import { buildApp, loggerOptions } from '../app.js';
import { seedDemo } from '../demo/seed.js';
import { createMessaging, mailJobHandlers } from '#platform/mail/index.js';
import { boot, resolveSecret } from './runtime.js';

/** Starts the web server; with `demo`, loads the demo city first and prints its accounts. */
export async function startWeb(opts: { demo: boolean }): Promise<void> {
  const started = performance.now();
  const { config, database, container } = await boot({ listen: true });
  let closing = false;
  const app = await buildApp({ container, secret: resolveSecret(config), logger: loggerOptions(config.logLevel) }).catch(async (err: unknown) => {
    await database.close();
    throw err;
  });
  // E-mail (SMTP, or a local catcher without SMTP_URL) and SMS, sent by the job runner.
  const messaging = await createMessaging(config).catch(async (err: unknown) => {
    await app.close();
    await database.close();
    throw err;
  });
  const { runner } = container.jobs;
  for (const [kind, handler] of Object.entries(mailJobHandlers({ db: database.db, mailer: messaging.mailer, sms: messaging.sms }))) runner.register(kind, handler);
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Stop accepting connections and finish in-flight requests, then stop the database cleanly.
    const timer = setTimeout(() => process.exit(1), 20_000);
    try {
      await app.close();
      // Jobs in progress finish before the database closes.
      await runner.stop();
      await messaging.close();
      await database.close();
    } finally {
      clearTimeout(timer);
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (opts.demo) {
    const accounts = await seedDemo(container);
    await app.refreshSiteName();
    printDemoAccounts(accounts);
  }
  const address = await app.listen({ host: config.host, port: config.port });
  // The search index loads in the background; queries before it is ready wait for it.
  container.search.warm().catch((e: unknown) => app.log.error({ err: e }, 'search index load failed'));
  // A sweep at start-up (idempotent), which schedules the next daily one.
  await container.scheduleSweep(new Date());
  runner.start({ logger: app.log });
  if (messaging.catcher) process.stderr.write(`\n邮件捕获器 / mail catcher: smtp://${messaging.catcher.host}:${messaging.catcher.port}, messages in ${config.dataDir}/mail (set SMTP_URL to send real e-mail)\n`);
  const ms = Math.round(performance.now() - started);
  process.stderr.write(`\nGongkai 已启动 / running at ${address.replace('127.0.0.1', 'localhost')}  (${database.embedded ? `embedded PostgreSQL, data in ${config.dataDir}` : 'external PostgreSQL'}; ready in ${ms} ms)\n`);
}

function printDemoAccounts(accounts: { username: string; password: string; role: string; agency: string; totpSecret?: string | undefined }[]): void {
  const lines = [
    '',
    '示范市演示账户（仅演示模式）/ Demo accounts (demo mode only) — sign in at /staff/login',
    ...accounts.map((a) => `  ${a.role.padEnd(20)} ${a.username.padEnd(14)} ${a.password}  ${a.agency}${a.totpSecret ? `  2FA: npx gongkai totp ${a.totpSecret}` : ''}`),
    '',
  ];
  process.stderr.write(lines.join('\n'));
}
