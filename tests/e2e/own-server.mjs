// Starts a server of the test's own, on a copy of the release build that the test may
// change (to publish a "new version" of the app, say), with fresh demo data.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Starts the server with any `extraArgs`; resolves with `{ url, appDir, stop }` once it
 * listens. */
export async function startOwnServer(extraArgs = []) {
  const folder = await mkdtemp(join(tmpdir(), 'settle-e2e-'));
  const appDir = join(folder, 'app');
  await cp(process.env.SETTLE_APP_DIR, appDir, { recursive: true });
  const child = spawn(
    process.env.SETTLE_SERVER_BINARY,
    ['--demo', '--port', '0', '--data-dir', join(folder, 'data'), '--app-dir', appDir, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 60_000);
    const read = (chunk) => {
      output += chunk;
      const found = output.match(/Settle is running at (\S+)/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1].replace(/\/$/, ''));
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
  return {
    url,
    appDir,
    async stop() {
      child.kill();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
