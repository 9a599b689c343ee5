import { execFileSync } from 'node:child_process'
import os from 'node:os'
import { repoRoot } from './paths.ts'

/** Where and on what a benchmark ran. */
export interface MachineInfo {
  cpu: string
  cpus: number
  memoryGb: number
  platform: string
  release: string
  arch: string
  node: string
  hostname: string
}

/** Describe this machine (from `node:os`). */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus()
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cpus: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: os.platform(),
    release: os.release(),
    arch: os.arch(),
    node: process.version,
    hostname: os.hostname(),
  }
}

/** The checked-out commit and whether the tree has uncommitted changes. */
export interface GitInfo {
  commit: string
  dirty: boolean
}

/** `git rev-parse HEAD` of the repository (`unknown` outside a git checkout). */
export function gitInfo(): GitInfo {
  const git = (args: string[]) =>
    execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  try {
    const commit = git(['rev-parse', 'HEAD'])
    let dirty = false
    try {
      dirty = git(['status', '--porcelain', '--untracked-files=no']) !== ''
    } catch {}
    return { commit, dirty }
  } catch {
    return { commit: 'unknown', dirty: false }
  }
}

/** Peak resident set size of this process so far, in MiB (`process.resourceUsage().maxRSS`). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024)
}

/** Current resident set size of this process, in MiB. */
export function currentRssMb(): number {
  return Math.round(process.memoryUsage().rss / 1024 ** 2)
}

/** A one-line machine description for reports. */
export function describeMachine(m: MachineInfo): string {
  return `${m.cpu} (${m.cpus} CPUs), ${m.memoryGb} GB RAM, ${m.platform} ${m.release} ${m.arch}, Node ${m.node}`
}
