/**
 * One run per state folder. The lock file holds the owner's pid and host;
 * a lock whose process is gone (same host) is stale and taken over.
 *
 * Takeover renames the stale file aside first and checks that what it
 * moved is the stale lock it read, so two runs that both found the same
 * stale lock cannot both proceed: the loser of the rename sees no file or
 * a live owner and refuses. What remains: a lock from another host is
 * never judged stale; delete it by hand if that host is gone.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { DwError, EXIT } from '../errors.js';

export const LOCK_FILE = 'lock';

interface LockInfo {
  pid: number;
  host: string;
  runId: string;
  startedAt: string;
}

/** Another live run holds the state folder. */
export class LockedError extends DwError {
  constructor(message: string) {
    super('STATE_LOCKED', message, EXIT.aborted);
  }
}

/** A held lock; release() removes it. */
export interface Lock {
  release(): Promise<void>;
  /** Whether a stale lock was taken over. */
  tookOver: boolean;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(path: string): Promise<LockInfo | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockInfo;
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // Unreadable or torn (a kill while writing it): treat as stale.
    return { pid: -1, host: hostname(), runId: '?', startedAt: '?' };
  }
}

async function create(path: string, info: LockInfo): Promise<boolean> {
  try {
    const file = await open(path, 'wx');
    await file.writeFile(JSON.stringify(info));
    await file.sync();
    await file.close();
    return true;
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function isStale(info: LockInfo): boolean {
  return info.host === hostname() && (info.pid < 0 || !isAlive(info.pid));
}

function describe(info: LockInfo): string {
  return `run ${info.runId} (pid ${info.pid} on ${info.host}, ` +
    `started ${info.startedAt})`;
}

/** Move a stale lock aside; false if someone else got there first. */
async function moveAside(path: string, seen: LockInfo): Promise<boolean> {
  const aside = `${path}.stale-${process.pid}`;
  try {
    await rename(path, aside);
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const moved = await readLock(aside);
  if (moved && moved.pid !== seen.pid && !isStale(moved)) {
    // We moved a fresh lock another run just took: give it back.
    await rename(aside, path);
    return false;
  }
  await rm(aside, { force: true });
  return true;
}

/** Take the state folder's lock, or throw LockedError. */
export async function acquireLock(
  stateDir: string,
  runId: string,
): Promise<Lock> {
  await mkdir(stateDir, { recursive: true });
  const path = join(stateDir, LOCK_FILE);
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    runId,
    startedAt: new Date().toISOString(),
  };
  let tookOver = false;

  for (let round = 0; round < 3; round++) {
    if (await create(path, info)) {
      return { tookOver, release: () => rm(path, { force: true }) };
    }
    const holder = await readLock(path);
    if (holder && !isStale(holder)) {
      throw new LockedError(
        `state folder ${stateDir} is in use by ${describe(holder)}; ` +
          'wait for it to finish or use another --state folder',
      );
    }
    if (holder) tookOver = (await moveAside(path, holder)) || tookOver;
  }
  throw new LockedError(
    `could not take the lock of state folder ${stateDir}: ` +
      'another run keeps taking it',
  );
}
