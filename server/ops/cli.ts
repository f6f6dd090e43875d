/**
 * `npm run backup -- [<file or directory>]` and `npm run restore -- <file>`: the
 * operator's commands, one entry point for the development run (tsx) and the
 * production build alike. Each ends with one line: what was done, or why not
 * (exit status 1), in a sentence.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readConfig } from '../config';
import { latestSchemaVersion } from '../db/migrations';
import { databasePath } from '../db/open';
import { describeRestore, fileTimestamp, restoreSnapshot } from './restore';
import { formatBytes, recordGoodBackup, SnapshotError, writeSnapshot, type SnapshotInfo } from './snapshot';

const USAGE = `usage:
  npm run backup -- [<file or directory>]   consistent snapshot of DATA_DIR's database, taken while the server runs
                                            (default: BACKUP_DIR, i.e. DATA_DIR/backups)
  npm run restore -- <file>                 install a snapshot as DATA_DIR's database (the server must be stopped)`;

export async function backupCommand(env: NodeJS.ProcessEnv, args: readonly string[], now: Date = new Date()): Promise<SnapshotInfo> {
  const config = readConfig(env, []);
  if (args.length > 1) throw new SnapshotError(`backup takes one file or directory, not ${args.length} arguments.`);
  const source = databasePath(config.dataDir);
  if (!existsSync(source)) throw new SnapshotError(`There is no database at ${source}: is DATA_DIR right?`);
  const name = `lagesbild-${fileTimestamp(now)}.sqlite`;
  let target = args[0] === undefined ? join(config.backup.dir, name) : resolve(args[0]);
  if (args[0] === undefined) mkdirSync(config.backup.dir, { recursive: true });
  else if (existsSync(target) && statSync(target).isDirectory()) target = join(target, name);
  if (existsSync(target)) throw new SnapshotError(`${target} already exists; a backup never overwrites another – give a new name.`);

  const db = new Database(source, { fileMustExist: true, timeout: 5000 });
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > latestSchemaVersion()) {
      throw new SnapshotError(`The database has schema version ${version}, newer than this program (${latestSchemaVersion()}): run the backup with the Lägesbild version the server runs.`);
    }
    const info = await writeSnapshot(db, target);
    recordGoodBackup(config.dataDir, info, now);
    return info;
  } finally {
    db.close();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === '--help' || command === '-h' || args.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  try {
    if (command === 'backup') {
      const info = await backupCommand(process.env, args);
      console.log(`backup: ${info.file} (${formatBytes(info.bytes)}, schema version ${info.schemaVersion}, ${info.reports} reports, integrity ok)`);
      return 0;
    }
    if (command === 'restore') {
      if (args.length !== 1) throw new SnapshotError('restore takes exactly one file: the snapshot to install.');
      const dataDir = readConfig(process.env, []).dataDir;
      const snapshot = resolve(args[0]!);
      console.log(describeRestore(await restoreSnapshot(dataDir, snapshot), snapshot));
      return 0;
    }
    console.error(USAGE);
    return 2;
  } catch (err) {
    const sentence = err instanceof Error ? err.message : String(err);
    console.error(`${command} failed: ${sentence}`);
    if (!(err instanceof SnapshotError) && err instanceof Error && err.stack) console.error(err.stack);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
