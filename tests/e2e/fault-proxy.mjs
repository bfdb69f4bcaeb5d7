// A small HTTP proxy in front of the server under test that fails chosen requests on
// purpose, the way a bad connection or a struggling server would.
import http from 'node:http';

/**
 * What the proxy does to one matching request:
 * - 'unavailable': answers 503 with `Retry-After: 1` itself; the server never sees it.
 * - 'drop': closes the connection before the server sees the request.
 * - 'drop-answer': lets the server handle the request, then closes the connection
 *   instead of passing the answer on, so the client cannot know it succeeded.
 * - 'too-many': answers 429 with `Retry-After: 1` itself; the server never sees it.
 * - 'slow': lets the server handle the request, then holds its answer for `SLOW_MS`.
 *
 * When the server is down, every request (matching or not) ends in a clean connection
 * error, as it would without the proxy.
 */
export const FAULTS = ['unavailable', 'drop', 'drop-answer', 'too-many', 'slow'];

/** How long a 'slow' answer is held back. */
export const SLOW_MS = 10_000;

/**
 * Starts a proxy to `target` (an http:// origin) on a free loopback port. Requests
 * for which `matches(method, path)` holds take the next fault from the queue given to
 * `failNext`; all others pass through untouched. `log` lists each matching request in
 * order: the fault it met (or 'pass'), its Idempotency-Key, and the server's status
 * and Idempotent-Replayed header when the server answered.
 */
export async function startFaultProxy(target) {
  const upstream = new URL(target);
  const queue = [];
  const log = [];
  let matches = () => false;

  const server = http.createServer((request, response) => {
    const fault = matches(request.method, request.url) ? (queue.shift() ?? 'pass') : null;
    const entry = { fault, key: request.headers['idempotency-key'] };
    if (fault !== null) log.push(entry);
    if (fault === 'unavailable') {
      response.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '1' });
      response.end(JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503 }));
      return;
    }
    if (fault === 'too-many') {
      response.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '1' });
      response.end(JSON.stringify({ type: 'about:blank', title: 'Too Many Requests', status: 429 }));
      return;
    }
    if (fault === 'drop') {
      request.socket.destroy();
      return;
    }
    const forwarded = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (answer) => {
        // The server killed mid-answer: cut the client off too, as the server would have.
        answer.on('error', () => request.socket.destroy());
        entry.status = answer.statusCode;
        entry.replayed = answer.headers['idempotent-replayed'];
        if (fault === 'drop-answer') {
          // Read the whole answer, so the server has finished, then hang up.
          answer.resume();
          answer.on('end', () => request.socket.destroy());
          return;
        }
        if (fault === 'slow') {
          // Hold the whole answer back; the client may give up and hang up meanwhile.
          answer.pause();
          setTimeout(() => {
            if (request.socket.destroyed) return void answer.resume();
            response.writeHead(answer.statusCode, answer.rawHeaders);
            answer.pipe(response);
          }, SLOW_MS);
          return;
        }
        response.writeHead(answer.statusCode, answer.rawHeaders);
        answer.pipe(response);
      },
    );
    forwarded.on('error', () => request.socket.destroy());
    request.on('error', () => forwarded.destroy());
    request.pipe(forwarded);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${server.address().port}`,
    log,
    /** Fails the next matching requests with `faults`, in order; later ones pass. */
    failNext(predicate, faults) {
      for (const fault of faults) {
        if (!FAULTS.includes(fault)) throw new Error(`unknown fault ${fault}`);
      }
      matches = predicate;
      queue.splice(0, queue.length, ...faults);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
