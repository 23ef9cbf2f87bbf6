import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../config.js';
import { createContainer, type Container } from '../container.js';
import { listenForChanges } from '#platform/db/changes.js';
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

/**
 * Opens the database (embedded or external), migrates it, and builds the services. With `listen`,
 * caches follow changes made by other processes (LISTEN/NOTIFY); `database.close()` ends that too.
 */
export async function boot(opts: { config?: Config; log?: (line: string) => void; migrate?: boolean; listen?: boolean } = {}): Promise<{ config: Config; database: OpenDatabase; container: Container }> {
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
  if (!opts.listen) return { config, database, container: createContainer({ db: database.db, config }) };
  const changes = await listenForChanges(database.url, (err) => log(`change feed: ${err instanceof Error ? err.message : String(err)}`));
  const close = database.close.bind(database);
  database.close = async () => {
    await changes.close();
    await close();
  };
  return { config, database, container: createContainer({ db: database.db, config, changes }) };
}
