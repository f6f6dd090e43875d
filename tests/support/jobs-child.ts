/**
 * A process that claims one job and dies while running it (the parent SIGKILLs it after
 * "running" on stdout): what a server killed mid-job leaves behind.
 * Usage: node --import tsx tests/support/jobs-child.ts <db file> <kind>
 */
import { openDatabase } from '../../server/db/open';
import { createJobRunner } from '../../server/jobs/runner';

const [file, kind] = process.argv.slice(2) as [string, string];
const db = openDatabase(file);
const runner = createJobRunner({ db, now: () => new Date(), intervalMs: 0, log: () => {} });
runner.register({
  kind,
  run: () => {
    process.stdout.write('running\n');
    return new Promise(() => {}); // never finishes: the side effect is "in flight" when the process dies
  },
});
void runner.tick();
