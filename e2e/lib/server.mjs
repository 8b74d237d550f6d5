// Starts and stops the Medvirk server for the browser tests.
//
// Environment:
//   MEDVIRK_BIN   absolute path to the built binary (default ../bin/medvirk, relative to e2e/)
//   DATABASE_URL  a fresh, empty PostgreSQL database (required when a server is started here)
//   E2E_BASE_URL  use an already running server instead of starting one (set by lib/run.mjs)

import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const e2eRoot = path.resolve(here, '..');

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Spawns `$MEDVIRK_BIN serve --migrate --demo` on a free port and waits for
 * GET /readyz to answer 200. Returns { baseURL, stop(), output(), exited() }.
 */
export async function startServer() {
  const bin = process.env.MEDVIRK_BIN
    ? path.resolve(process.env.MEDVIRK_BIN)
    : path.resolve(e2eRoot, '..', 'bin', 'medvirk');
  if (!existsSync(bin)) {
    throw new Error(`server binary not found at ${bin} (build it, or set MEDVIRK_BIN)`);
  }
  if (!process.env.DATABASE_URL) {
    throw new Error('DATABASE_URL is not set: the tests need a fresh, empty database');
  }

  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const chunks = [];
  const child = spawn(bin, ['serve', '--migrate', '--demo'], {
    cwd: path.resolve(e2eRoot, '..'),
    env: {
      ...process.env,
      PORT: String(port),
      BASE_URL: baseURL,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => chunks.push(d));
  child.stderr.on('data', (d) => chunks.push(d));

  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });
  child.on('error', (err) => {
    chunks.push(Buffer.from(`spawn error: ${err.message}\n`));
    exited = exited ?? { code: null, signal: null, error: err };
  });

  const output = () => Buffer.concat(chunks).toString('utf8');

  const stop = async () => {
    if (exited) return exited;
    child.kill('SIGTERM');
    const timer = sleep(STOP_TIMEOUT_MS).then(() => 'timeout');
    if ((await Promise.race([exitPromise, timer])) === 'timeout') {
      child.kill('SIGKILL');
      await exitPromise;
    }
    return exited;
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError = '';
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(`${baseURL}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) {
        return { baseURL, stop, output, exited: () => exited };
      }
      lastError = `GET /readyz answered ${res.status}`;
    } catch (err) {
      lastError = err.cause?.code ?? err.message;
    }
    await sleep(250);
  }

  await stop();
  const why = exited && exited.code !== null
    ? `server exited with code ${exited.code}`
    : `server not ready within ${READY_TIMEOUT_MS / 1000}s (${lastError})`;
  console.error(`--- medvirk server output ---\n${output()}\n--- end of server output ---`);
  throw new Error(why);
}

/**
 * For a test file: returns a function that yields the base URL. Uses
 * E2E_BASE_URL when lib/run.mjs already started a server, otherwise starts
 * one in a `before` hook and stops it in `after`.
 */
export function useServer({ before, after }) {
  let baseURL = process.env.E2E_BASE_URL || '';
  let server = null;
  if (!baseURL) {
    before(async () => {
      server = await startServer();
      baseURL = server.baseURL;
    });
    after(async () => {
      if (server) await server.stop();
    });
  }
  return () => baseURL;
}
