/**
 * The real server as a child process, as in production: `node --import tsx
 * server/main.ts --demo` on a temp DATA_DIR, bound to 127.0.0.1 on an ephemeral
 * port. (Running node with tsx's loader directly, rather than `npx tsx`, keeps it
 * ONE process that we can signal and whose CPU profile we can ask for.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, addExitHook } from './harness';

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  /** Demo invites printed at start: function name → invite code. */
  invites: { functionName: string; code: string }[];
  /** Everything the child wrote to stderr so far (for error messages). */
  stderr(): string;
  /** SIGTERM (the server closes and exits), SIGKILL after a grace period. */
  stop(): Promise<void>;
}

export interface StartOptions {
  dataDir: string;
  /** Extra node flags for the child, e.g. ['--cpu-prof', '--cpu-prof-dir=…']. */
  nodeArgs?: string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

export async function startServerProcess(opts: StartOptions): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: opts.dataDir, PORT: '0', HOST: '127.0.0.1' };
  delete env.PUBLIC_URL;
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', join('server', 'main.ts'), '--demo'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, sig) => resolve(code ?? sig)));
  // Last resort: never leave the child behind, even if the runner dies on an error.
  const unhook = addExitHook(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout = (stdout + d).slice(-64_000)));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-64_000)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 8000);
      await exited;
      clearTimeout(t);
    }
    unhook();
  };

  try {
    const { url, invites } = await waitForStart(child, () => stdout, exited, opts.timeoutMs ?? 30_000, opts.signal);
    const parsed = new URL(url);
    if (parsed.hostname !== '127.0.0.1') throw new Error(`server listens on ${url}, expected 127.0.0.1`);
    return { url, port: Number(parsed.port), pid: child.pid!, invites, stderr: () => stderr, stop };
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n--- server stdout ---\n${stdout}\n--- server stderr ---\n${stderr}`);
  }
}

/** Waits for `listening: <url>` and the invite lines that follow it. */
function waitForStart(
  child: ChildProcess,
  output: () => string,
  exited: Promise<unknown>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ url: string; invites: { functionName: string; code: string }[] }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poll);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => finish(() => reject(new Error('aborted while starting the server')));
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => finish(() => reject(new Error(`server did not start within ${timeoutMs} ms`))), timeoutMs);
    void exited.then((code) => finish(() => reject(new Error(`server exited during start (${String(code)})`))));
    let lastInviteCount = -1;
    let stableSince = 0;
    // Invites are printed in one synchronous loop right after `listening:`; wait
    // until the count has stopped growing for a moment.
    const poll = setInterval(() => {
      const text = output();
      const listen = /^listening: (http:\/\/\S+)$/m.exec(text);
      if (!listen) return;
      const invites = [...text.matchAll(/^invite: (.+): \S*\/enrol\/(\S+)$/gm)].map((m) => ({ functionName: m[1]!, code: m[2]! }));
      if (invites.length === 0) return;
      if (invites.length !== lastInviteCount) {
        lastInviteCount = invites.length;
        stableSince = Date.now();
        return;
      }
      if (Date.now() - stableSince >= 100) finish(() => resolve({ url: listen[1]!, invites }));
    }, 20);
    void child;
  });
}
