import path from 'node:path';
import { z } from 'zod';

/**
 * Every environment variable Gongkai reads, parsed once at start-up. Each field is documented here
 * and in README.md; a bad value stops the process with a list of every problem.
 */
const Env = z.object({
  /** External PostgreSQL (>= 15). When unset, an embedded PostgreSQL server is started under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /** Folder for the embedded database, uploaded files and the instance lock. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Address and port the web server listens on. */
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public base URL, used in links sent by e-mail and in feeds. */
  PUBLIC_URL: z.string().url().default('http://localhost:3000'),
  /** Secret for signing cookies and CSRF tokens (>= 32 characters). Generated into DATA_DIR when unset. */
  SESSION_SECRET: z.string().min(32).optional(),
  /** Minutes of inactivity after which a staff session ends. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** Hours after which a session ends whatever its activity. */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** Failed logins in a row after which an account is locked, and for how long. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** Whether members of the public may create accounts on the portal. */
  PUBLIC_ACCOUNTS: z.enum(['on', 'off']).default('on'),
  /** Send the Secure flag on cookies. Defaults to on when PUBLIC_URL is https. */
  COOKIE_SECURE: z.enum(['on', 'off']).optional(),
  /** Log level: fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Requests per minute per address on login and public forms. */
  RATE_LIMIT_FORMS: z.coerce.number().int().min(1).default(20),
  /** Set by `gongkai demo`: load the demo city and print demo passwords. */
  GONGKAI_DEMO: z.enum(['0', '1']).default('0'),
  /** Trust X-Forwarded-For from a reverse proxy. */
  TRUST_PROXY: z.enum(['on', 'off']).default('off'),
  /** Bearer token for /metrics from other hosts (>= 16 characters). Unset: /metrics answers loopback only. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Folder of uploaded files (content-addressed). Default: DATA_DIR/files. */
  FILES_DIR: z.string().min(1).optional(),
  /** Largest accepted upload, in megabytes. */
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(1024).default(50),
  /** Chinese font for PDF notices: a file, or `file:PostScriptName` for a .ttc collection (read by platform/files/pdf.ts). Unset: a system font (fonts-noto-cjk, wqy-zenhei …). */
  PDF_FONT: z.string().min(1).optional(),
  /** SMTP server for outgoing e-mail, e.g. smtp://user:pass@host:587 or smtps://…:465. Unset: a local mail catcher under DATA_DIR/mail. */
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must start with smtp:// or smtps://').optional(),
  /** Sender of outgoing e-mail. */
  MAIL_FROM: z.string().min(3).default('示范市政务公开 <noreply@localhost>'),
  /** How online applications are confirmed (Art. 31 "双方确认"): manual (staff confirm) or auto (the system's acknowledgement confirms on submission). */
  REQUEST_ONLINE_RECEIPT: z.enum(['manual', 'auto']).default('manual'),
  /** Whether the time between a 收费通知 and payment is left out of the reply period. */
  REQUEST_FEE_PAUSES_CLOCK: z.enum(['on', 'off']).default('on'),
  /** Years after a request is closed that the applicant's personal data is kept before it is purged. */
  REQUEST_RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(5),
  /** Search: matches counted exactly while the query's rarest term is in at most this many documents (8 times as many with filters); beyond, the results stay exact and the total and facet counts are estimated (约 N 条). */
  SEARCH_EXACT_TOTALS_UP_TO: z.coerce.number().int().min(0).max(100_000_000).default(10_000),
});

/** The application's configuration, derived from the environment. */
export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  publicUrl: string;
  sessionSecret: string | undefined;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  publicAccounts: boolean;
  cookieSecure: boolean;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  rateLimitForms: number;
  demo: boolean;
  trustProxy: boolean;
  metricsToken: string | undefined;
  filesDir: string;
  maxUploadBytes: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  requestOnlineReceipt: 'manual' | 'auto';
  requestFeePausesClock: boolean;
  requestRetentionYears: number;
  searchExactTotalsUpTo: number;
}

/** Parses the environment; throws one error naming every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = Env.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL.replace(/\/$/, ''),
    sessionSecret: e.SESSION_SECRET,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockMinutes: e.LOGIN_LOCK_MINUTES,
    publicAccounts: e.PUBLIC_ACCOUNTS === 'on',
    cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === 'on' : e.PUBLIC_URL.startsWith('https:'),
    logLevel: e.LOG_LEVEL,
    rateLimitForms: e.RATE_LIMIT_FORMS,
    demo: e.GONGKAI_DEMO === '1',
    trustProxy: e.TRUST_PROXY === 'on',
    metricsToken: e.METRICS_TOKEN,
    filesDir: path.resolve(e.FILES_DIR ?? path.join(e.DATA_DIR, 'files')),
    maxUploadBytes: e.MAX_UPLOAD_MB * 1_048_576,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    requestOnlineReceipt: e.REQUEST_ONLINE_RECEIPT,
    requestFeePausesClock: e.REQUEST_FEE_PAUSES_CLOCK === 'on',
    requestRetentionYears: e.REQUEST_RETENTION_YEARS,
    searchExactTotalsUpTo: e.SEARCH_EXACT_TOTALS_UP_TO,
  };
}

/** Names of every variable the app reads (kept in step with README.md by a test). */
export const ENV_VARIABLES = Object.keys(Env.shape);
