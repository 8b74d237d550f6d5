// Runs the whole browser suite against one server: starts it, runs
// `node --test` on tests/ with E2E_BASE_URL set, stops it, and exits with
// the test runner's status.

import { spawn } from 'node:child_process';
import { startServer, e2eRoot } from './server.mjs';

let server;
try {
  server = await startServer();
} catch (err) {
  console.error(`e2e: could not start the server: ${err.message}`);
  process.exit(1);
}

const extraArgs = process.argv.slice(2);
const child = spawn(
  process.execPath,
  ['--test', '--test-concurrency=1', ...(extraArgs.length ? extraArgs : ['tests/'])],
  {
    cwd: e2eRoot,
    env: { ...process.env, E2E_BASE_URL: server.baseURL },
    stdio: 'inherit',
  },
);

// A stalled run must end: stop the test runner after E2E_TIMEOUT_MS.
const timeoutMs = Number(process.env.E2E_TIMEOUT_MS || 15 * 60_000);
const watchdog = setTimeout(() => {
  console.error(`e2e: the test run took longer than ${timeoutMs / 1000}s; stopping it`);
  child.kill('SIGTERM');
}, timeoutMs);
watchdog.unref();

const forward = (sig) => () => child.kill(sig);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));

const code = await new Promise((resolve) => {
  child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
});

clearTimeout(watchdog);
const diedEarly = server.exited();
if (diedEarly) {
  console.error(`e2e: the server exited during the run (code ${diedEarly.code}, signal ${diedEarly.signal})`);
}
const exit = await server.stop();
if (exit && exit.code !== 0 && exit.code !== null && exit.signal !== 'SIGTERM') {
  console.error(`e2e: server exited with code ${exit.code} on SIGTERM`);
}
if ((code !== 0 || diedEarly) && process.env.E2E_SERVER_LOG !== '0') {
  const out = server.output().trim();
  if (out) {
    const lines = out.split('\n');
    console.error(`--- medvirk server output (last ${Math.min(lines.length, 80)} lines) ---`);
    console.error(lines.slice(-80).join('\n'));
    console.error('--- end of server output ---');
  }
}
process.exit(code || (diedEarly ? 1 : 0));
