// What the specs that run Settle against someone else's backend share: programs started
// on loopback for the spec and stopped with it, and the built app served by the Settle
// server from a copy whose backend-profile.json is the spec's profile.
import { spawn } from 'node:child_process';
import { cp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A port nothing listens on now. */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The programs a spec starts; `stopAll` ends them. */
export class Programs {
  constructor() {
    this.children = [];
  }

  /** Starts a program and resolves with the first match of `pattern` in its output. */
  start(command, args, options, pattern) {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.push(child);
    let output = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${output}`)), 60_000);
      const read = (chunk) => {
        output += chunk;
        const found = output.match(pattern);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.on('exit', (code) => reject(new Error(`${command} exited (${code}):\n${output}`)));
    });
  }

  stopAll() {
    for (const child of this.children) child.kill();
  }
}

/** Puts `text` in place as the app's backend-profile.json, with no stale precompressed
 * copies beside it. */
export async function publishProfile(appDir, text) {
  await writeFile(join(appDir, 'backend-profile.json'), text);
  await rm(join(appDir, 'backend-profile.json.br'), { force: true });
  await rm(join(appDir, 'backend-profile.json.gz'), { force: true });
}

/** Serves a copy of the built app (SETTLE_APP_DIR) under `folder` with the profile
 * `text`, from the Settle server; resolves with its address and the copy's folder. */
export async function serveApp(programs, folder, text) {
  const dir = join(folder, 'app');
  await cp(process.env.SETTLE_APP_DIR, dir, { recursive: true });
  await publishProfile(dir, text);
  const [, url] = await programs.start(
    process.env.SETTLE_SERVER_BINARY,
    ['--port', '0', '--data-dir', join(folder, 'data'), '--app-dir', dir],
    {},
    /Settle is running at (\S+)/,
  );
  return { url: url.replace(/\/$/, ''), dir };
}
