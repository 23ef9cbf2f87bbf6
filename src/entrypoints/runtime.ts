import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../config.js';
import { createContainer, type Container } from '../container.js';
import { migrateToLatest, openDatabase, type OpenDatabase } from '#platform/db/database.js';

/** The secret for CSRF tokens: SESSION_SECRET, or one generated once into the data folder. */
export function resolveSecret(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret;
  const file = path.join(config.dataDir, 'secret');
  fs.mkdirSync(config.dataDir, { recursive: true });
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    const secret = crypto.randomBytes(32).toString('hex');
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

/** Opens the database (embedded or external), migrates it, and builds the services. */
export async function boot(opts: { config?: Config; log?: (line: string) => void; migrate?: boolean } = {}): Promise<{ config: Config; database: OpenDatabase; container: Container }> {
  const config = opts.config ?? loadConfig();
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  try {
    if (opts.migrate !== false) {
      const applied = await migrateToLatest(database.db);
      if (applied.length > 0) log(`Applied migrations: ${applied.join(', ')}`);
    }
  } catch (err) {
    await database.close();
    throw err;
  }
  return { config, database, container: createContainer({ db: database.db, config }) };
}
