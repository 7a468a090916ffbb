import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/** Restricts every thread of `pid` to `cores` (e.g. '0' or '0,1'); false without taskset. */
export function pin(pid: number, cores: string): boolean {
  return (
    spawnSync('taskset', ['-a', '-cp', cores, String(pid)], {
      stdio: 'ignore',
    }).status === 0
  );
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * This process's RSS and V8 heap in use, in bytes, after a full GC (the process must run with
 * --expose-gc). Twice: the first pass can leave weakly held garbage for the second.
 */
export function memoryAfterGc(): { rss: number; heapUsed: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  gc();
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}
