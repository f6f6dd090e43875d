import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { inject } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

export interface ChildServer {
  proc: ChildProcess;
  url: string;
  invites: Map<string, string>;
  /** The first-run setup link (`setup: <url>`), printed while no admin exists. */
  setupUrl: string | undefined;
  /** Demo staff accounts by role (`staff: <role> <email> / <password>`), printed with --demo. */
  staff: Map<string, { email: string; password: string }>;
  output: () => string;
  /** Ends the process and waits for it to be gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `server/main.ts` as its own process – the way it runs in production –
 * on 127.0.0.1 with an ephemeral port, and waits for its start-up lines.
 */
export async function startChildServer(dataDir: string, opts: { demo?: boolean; env?: Record<string, string> } = {}): Promise<ChildServer> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'main.ts'), ...(opts.demo ? ['--demo'] : [])], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...clientDirEnv(), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out}`)), 30_000);
    const check = () => {
      // The server prints its invite lines before this one.
      const listening = /^listening: (\S+)$/m.exec(out);
      if (listening) {
        clearTimeout(timer);
        proc.stdout!.off('data', check);
        resolve(listening![1]!);
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${out}`));
    });
  });
  const invites = new Map<string, string>();
  for (const m of out.matchAll(/^invite: (.+): (\S+)$/gm)) invites.set(m[1]!, m[2]!);
  const staff = new Map<string, { email: string; password: string }>();
  for (const m of out.matchAll(/^staff: (\S+) (\S+) \/ (\S+)$/gm)) staff.set(m[1]!, { email: m[2]!, password: m[3]! });
  const setupUrl = /^setup: (\S+)$/m.exec(out)?.[1];
  return {
    proc,
    url,
    invites,
    setupUrl,
    staff,
    output: () => out,
    async kill(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
  };
}

/** In the browser tests, the build made for this run (tests/e2e/global-setup.ts). */
function clientDirEnv(): { CLIENT_DIR?: string } {
  const dir = inject('clientDir');
  return dir ? { CLIENT_DIR: dir } : {};
}
