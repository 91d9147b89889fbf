/**
 * The processes of the bench's Chromiums and what they use, read from Linux /proc: memory for the
 * import suite, CPU time for the import and crypto suites.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** One process of a Chromium, and its type: browser, renderer, gpu-process, utility, zygote. */
export interface ChromiumProcess {
  pid: number;
  type: string;
}

/**
 * Every process of the Chromium started with `profile` (Linux /proc): its browser process and
 * all that descend from it. Other Chromiums on the machine are left out.
 */
export function profileProcesses(profile: string): ChromiumProcess[] {
  const cmdlineOf = (pid: number): string => readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8');
  const parents = new Map<number, number>();
  let root = -1;
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (root === -1) {
        const cmdline = cmdlineOf(pid);
        if (cmdline.includes(profile) && !cmdline.includes('--type=')) root = pid;
      }
    } catch {
      // the process ended while we looked
    }
  }
  const inTree = (pid: number): boolean => {
    for (let at = pid, hops = 0; at > 1 && hops < 20; hops++) {
      if (at === root) return true;
      at = parents.get(at) ?? 0;
    }
    return false;
  };
  const processes: ChromiumProcess[] = [];
  for (const pid of parents.keys()) {
    if (root === -1 || !inTree(pid)) continue;
    try {
      processes.push({ pid, type: /--type=([a-z-]+)/.exec(cmdlineOf(pid))?.[1] ?? 'browser' });
    } catch {
      // ended
    }
  }
  return processes;
}

/**
 * The proportional set size (PSS) of each of `processes`, by "type pid", and their sum in bytes.
 */
export function chromiumPss(processes: ChromiumProcess[]): {
  total: number;
  byProcess: Map<string, number>;
} {
  let total = 0;
  const byProcess = new Map<string, number>();
  for (const { pid, type } of processes) {
    try {
      const rollup = readFileSync(`/proc/${String(pid)}/smaps_rollup`, 'utf8');
      const pss = Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
      byProcess.set(`${type} ${String(pid)}`, pss);
      total += pss;
    } catch {
      // ended
    }
  }
  return { total, byProcess };
}

/** User and system CPU time in a /proc stat line, in ticks (1/100 s): its 14th and 15th fields. */
function cpuTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * CPU seconds per thread of `processes` (Linux /proc), printed to stderr after the import: where
 * the time goes besides the import workers (decoder threads, the browser's I/O).
 */
export function chromiumThreadCpu(processes: ChromiumProcess[]): Map<string, number> {
  const byName = new Map<string, number>();
  for (const { pid, type } of processes) {
    try {
      for (const tid of readdirSync(`/proc/${String(pid)}/task`)) {
        const stat = readFileSync(`/proc/${String(pid)}/task/${tid}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const ticks = cpuTicks(stat);
        // Workers by thread id: the crypto worker and each import worker apart.
        const key = comm === 'DedicatedWorker' ? `${type}/worker#${tid}` : `${type}/${comm}`;
        byName.set(key, (byName.get(key) ?? 0) + ticks / 100);
      }
    } catch {
      // gone
    }
  }
  return byName;
}

/**
 * CPU milliseconds used so far by `processes`, all threads together: a process's own count keeps
 * the time of threads that have ended (a Blob I/O helper ended mid-way still counts).
 */
export function chromiumCpuMs(processes: ChromiumProcess[]): number {
  let ticks = 0;
  for (const { pid } of processes) {
    try {
      ticks += cpuTicks(readFileSync(`/proc/${String(pid)}/stat`, 'utf8'));
    } catch {
      // ended
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}
