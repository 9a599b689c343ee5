/**
 * One writer per embedded store: an exclusive lock file next to the PGlite data directory. PGlite
 * takes no lock of its own, and two processes writing the same files corrupt them silently.
 */
import { randomBytes } from 'node:crypto'
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import path from 'node:path'
import { StoreLockedError } from '../lib/errors.ts'

/** What a lock file records about its holder. */
export interface LockHolder {
  pid: number
  hostname: string
  command: string
  startedAt: string
  /** Where `fieldkb serve` listens, once it does (lets others upload through it instead). */
  url?: string
}

/** A lock this process holds. */
export interface StoreLock {
  readonly file: string
  /** Record extra facts (the server URL) in the lock file for processes that are refused. */
  annotate(extra: Pick<LockHolder, 'url'>): void
  /** Remove the lock file if it is still ours. Idempotent. */
  release(): void
}

const held = new Map<string, { holder: LockHolder; release: () => void }>()

/** The lock file guarding PGlite data directory `dataDir`: `<dataDir>.lock` beside it. */
export function lockFileOf(dataDir: string): string {
  const abs = path.resolve(dataDir)
  return path.join(path.dirname(abs), `${path.basename(abs)}.lock`)
}

/**
 * Take the store's lock or throw `StoreLockedError` at once. A lock left by a dead process on this
 * host is stale and taken over; a second open in this same process is refused too.
 */
export function acquireStoreLock(dataDir: string): StoreLock {
  const file = lockFileOf(dataDir)
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    command: describeCommand(),
    startedAt: new Date().toISOString(),
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(file, holder)) return register(file, holder)
    const current = readHolder(file)
    if (current === undefined) continue // released meanwhile: try again
    if (!isStale(current, file)) throw lockedError(dataDir, file, current)
    takeOver(file, current)
  }
  throw new StoreLockedError(`could not take the lock ${file}: it keeps changing hands`, {
    hint: 'another fieldkb process is starting at the same moment; try again',
  })
}

/** Throw `StoreLockedError` when another live process holds the store's lock (takes nothing). */
export function assertStoreFree(dataDir: string): void {
  const file = lockFileOf(dataDir)
  if (held.has(file)) return
  const current = readHolder(file)
  if (current && !isStale(current, file)) throw lockedError(dataDir, file, current)
}

/** Annotate the lock this process holds on `dataDir`, if any (no-op otherwise). */
export function annotateStoreLock(dataDir: string, extra: Pick<LockHolder, 'url'>): void {
  annotateFile(lockFileOf(dataDir), extra)
}

function annotateFile(file: string, extra: Pick<LockHolder, 'url'>): void {
  const entry = held.get(file)
  if (!entry) return
  Object.assign(entry.holder, extra)
  const tmp = tempName(file)
  writeFileSync(tmp, JSON.stringify(entry.holder), { flag: 'wx' })
  renameSync(tmp, file) // atomic replace: readers see the old or the new content
}

// Written to a private file first and hard-linked into place, so the lock file appears atomically
// and complete: a reader never sees a half-written holder.
function tryCreate(file: string, holder: LockHolder): boolean {
  const tmp = tempName(file)
  writeFileSync(tmp, JSON.stringify(holder), { flag: 'wx' })
  try {
    linkSync(tmp, file)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    unlinkSync(tmp)
  }
}

function readHolder(file: string): LockHolder | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const h = JSON.parse(text) as LockHolder
    if (typeof h.pid === 'number' && typeof h.hostname === 'string') return h
  } catch {}
  // Unreadable content: refuse rather than guess (a holder with pid 0 is never judged stale).
  return { pid: 0, hostname: '?', command: 'unknown (unreadable lock file)', startedAt: '?' }
}

function isStale(h: LockHolder, file: string): boolean {
  if (h.pid <= 0 || h.hostname !== hostname()) return false
  // Our own pid without our own entry: left by an earlier process that had this pid (containers).
  if (h.pid === process.pid) return !held.has(file)
  return !isProcessAlive(h.pid)
}

/** Whether process `pid` exists on this host (one we may not signal counts as alive). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}

// Move the stale file aside atomically, then check it is the one judged stale: if another process
// took over first, what was moved is its fresh lock and goes back.
function takeOver(file: string, stale: LockHolder): void {
  const aside = tempName(file)
  try {
    renameSync(file, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  const moved = readHolder(aside)
  if (moved && (moved.pid !== stale.pid || moved.startedAt !== stale.startedAt)) {
    try {
      linkSync(aside, file)
    } catch {}
  }
  unlinkSync(aside)
}

function register(file: string, holder: LockHolder): StoreLock {
  const release = () => {
    if (held.get(file)?.holder !== holder) return
    held.delete(file)
    const current = readHolder(file)
    if (current?.pid === holder.pid && current.startedAt === holder.startedAt) {
      try {
        unlinkSync(file)
      } catch {}
    }
  }
  held.set(file, { holder, release })
  installExitHooks()
  return { file, annotate: (extra) => annotateFile(file, extra), release }
}

let hooked = false
function installExitHooks(): void {
  if (hooked) return
  hooked = true
  const releaseAll = () => {
    for (const { release } of [...held.values()]) release()
  }
  process.on('exit', releaseAll)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      // Another handler (fieldkb serve) shuts down gracefully and closes the store itself.
      if (process.listenerCount(signal) > 1) return
      releaseAll()
      process.off(signal, onSignal)
      process.kill(process.pid, signal)
    }
    process.on(signal, onSignal)
  }
}

function lockedError(dataDir: string, file: string, h: LockHolder): StoreLockedError {
  const who = `pid ${h.pid}${h.hostname === hostname() ? '' : ` on ${h.hostname}`}`
  const since = h.startedAt === '?' ? '' : `, since ${h.startedAt}`
  const message = `the embedded store ${dataDir} is in use by \`${h.command}\` (${who}${since})`
  let hint: string
  if (h.hostname !== hostname() || h.pid <= 0) {
    hint = `if that process no longer runs, delete ${file}; or use a PostgreSQL server (DATABASE_URL) for several processes`
  } else if (h.url) {
    hint = `stop \`fieldkb serve\` (pid ${h.pid}) first, or upload through its web UI or API at ${h.url} (POST /api/documents)`
  } else {
    hint = `wait for pid ${h.pid} to finish or stop it, then run this again; or use a PostgreSQL server (DATABASE_URL) for several processes`
  }
  return new StoreLockedError(message, { hint, holder: h })
}

function describeCommand(): string {
  const [script, ...args] = process.argv.slice(1)
  const name = script ? path.basename(script).replace(/\.(c|m)?js$/, '') : 'node'
  return [name, ...args].join(' ').slice(0, 200)
}

function tempName(file: string): string {
  return `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
}
