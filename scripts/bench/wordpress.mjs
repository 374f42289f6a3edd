// `npm run bench -- --only wordpress`: how fast `npm run import:wordpress` moves a big blog. Writes a
// generated export (scripts/bench/wordpress-export.mjs; BENCH_WP_POSTS posts and BENCH_WP_COMMENTS
// comments, default 10,000 and 100,000) to a temp folder, runs the real command on a fresh SQLite
// database there, and prints posts/s, comments/s (over the import itself, the CMS's boot left out:
// the command's own report times it) and the command's peak resident memory, against the targets.
// BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the import.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateStrapiSecrets } from '@kiosque/shared';
import { cmsDir, compileCms } from '../../cms/scripts/lib/boot.mjs';
import { writeWordPressExport } from './wordpress-export.mjs';

/**
 * The node flags `npm run import:wordpress` runs the command with (cms/package.json): measured as
 * users run it. A small young generation (`--max-semi-space-size`) keeps the heap from growing by
 * hundreds of MB of short-lived garbage between collections, for no measurable CPU.
 */
function commandFlags() {
  const { scripts } = JSON.parse(readFileSync(path.join(cmsDir, 'package.json'), 'utf8'));
  const match = /^node((?: --[\w-]+(?:=\S+)?)*) scripts\/import-wordpress\.mjs$/.exec(
    scripts['import:wordpress'],
  );
  if (!match)
    throw new Error(`cms/package.json's import:wordpress is not "node [flags] scripts/import-wordpress.mjs"`);
  return match[1].trim().split(' ').filter(Boolean);
}

const TARGETS = { postsPerSecond: 100, commentsPerSecond: 1000, peakRssMb: 400 };

const log = (message) => console.log(`[bench] ${message}`);

/** The kernel's high-water mark of a process's resident memory, in MB (0 once it is gone). */
function peakRssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

function runImport(file, databaseFile, onCleanup) {
  return new Promise((resolve, reject) => {
    const profile = process.env.BENCH_CPU_PROF;
    const child = spawn(
      process.execPath,
      [
        ...commandFlags(),
        ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
        'scripts/import-wordpress.mjs',
        file,
        '--no-build',
      ],
      {
        cwd: cmsDir,
        env: {
          ...process.env,
          ...generateStrapiSecrets(),
          INIT_CWD: cmsDir,
          NODE_ENV: 'production',
          DATABASE_CLIENT: 'sqlite',
          DATABASE_FILENAME: databaseFile,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // Stopped with the bench (its watchdog, Ctrl-C): never left running.
    onCleanup(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    // VmHWM only grows: its last reading before the exit is the peak, give or take the last 100 ms.
    const timer = setInterval(() => {
      peak = Math.max(peak, peakRssMb(child.pid));
    }, 100);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (stderr.length > 100_000) stderr = stderr.slice(-50_000);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`the import exited ${code}:\n${stdout}\n${stderr.slice(-4000)}`));
      else resolve({ stdout, peakRssMb: peak });
    });
  });
}

const fmt = (value, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** `onCleanup(stop)`: how the caller is told what to undo if it stops early. */
export async function measureWordPressImport(onCleanup = () => {}) {
  const posts = Number(process.env.BENCH_WP_POSTS ?? 10_000);
  const comments = Number(process.env.BENCH_WP_COMMENTS ?? 100_000);
  const workDir = path.join(tmpdir(), `kiosque-bench-wp-${randomBytes(4).toString('hex')}`);
  mkdirSync(workDir, { recursive: true });
  onCleanup(async () => rmSync(workDir, { recursive: true, force: true }));
  try {
    log('compiling the CMS…');
    await compileCms();
    const file = path.join(workDir, 'export.xml');
    log(`writing an export of ${fmt(posts)} posts and ${fmt(comments)} comments…`);
    await writeWordPressExport(file, { posts, comments });
    log(`export: ${fmt(statSync(file).size / 1024 / 1024, 1)} MB; importing into a fresh SQLite database…`);
    const { stdout, peakRssMb: peak } = await runImport(file, path.join(workDir, 'import.db'), onCleanup);
    const [, wall, cpu] = / in ([\d.]+) s \(([\d.]+) s of CPU\)/.exec(stdout) ?? [];
    const seconds = Number(wall);
    const cpuSeconds = Number(cpu);
    const imported = Number(/^Posts: (\d+) imported/m.exec(stdout)?.[1]);
    const importedComments = Number(/^Comments: (\d+) imported/m.exec(stdout)?.[1]);
    if (!(seconds > 0) || !(imported > 0)) throw new Error(`unexpected report:\n${stdout}`);
    // Every comment read counts, imported or skipped (spam kept as spam, trash and pingbacks left out).
    const postsPerSecond = imported / seconds;
    const commentsPerSecond = comments / seconds;
    // The machine may be shared: per second of the import's own CPU time, what it would do alone.
    console.log(stdout.split('\n').slice(0, 4).join('\n'));
    console.log(
      `WordPress import (SQLite): ${fmt(imported)} posts and ${fmt(importedComments)} comments imported (${fmt(comments)} read) in ${fmt(seconds, 1)} s: ` +
        `${fmt(postsPerSecond, 1)} posts/s (target ≥ ${TARGETS.postsPerSecond}), ` +
        `${fmt(commentsPerSecond, 0)} comments/s (target ≥ ${fmt(TARGETS.commentsPerSecond)}), ` +
        `peak RSS ${fmt(peak)} MB (target ≤ ${TARGETS.peakRssMb}).`,
    );
    console.log(
      `Per second of the import's CPU time (${fmt(cpuSeconds, 1)} s; steadier on a busy machine): ` +
        `${fmt(imported / cpuSeconds, 1)} posts/s, ${fmt(comments / cpuSeconds, 0)} comments/s.`,
    );
    return { postsPerSecond, commentsPerSecond, peakRssMb: peak, cpuSeconds };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
