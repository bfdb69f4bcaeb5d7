// The reference server the campaign kills and starts again: always on the same port and
// the same data, so the app and the proxy find it where it was.
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync, statSync } from 'node:fs';

/**
 * The server `binary` with demo data in `dataDir`, serving `appDir` on `port`, with the
 * back-office token `token`; its output is appended to `log` (the demo prints sign-in
 * codes there).
 */
export function referenceServer({ binary, appDir, dataDir, port, token, log }) {
  let child = null;
  // Never leave it running behind the campaign, whatever ends it.
  process.on('exit', () => child?.kill('SIGKILL'));
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    token,
    /** Starts it and resolves once it listens. */
    async start() {
      const from = size(log);
      const out = openSync(log, 'a');
      child = spawn(
        binary,
        ['--demo', '--port', String(port), '--data-dir', dataDir, '--app-dir', appDir, '--admin-token', token],
        { stdio: ['ignore', out, out] },
      );
      closeSync(out);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      for (;;) {
        if (readFileSync(log).subarray(from).toString().includes('Settle is running at')) return;
        const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve(null), 50))]);
        if (code !== null) throw new Error(`the server exited (${code}); see ${log}`);
      }
    },
    /** Kills it with SIGKILL, as a crash or the OOM killer would, and waits until it is gone. */
    async kill() {
      if (child === null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
      child = null;
    },
    get running() {
      return child !== null;
    },
  };
}

function size(path) {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
