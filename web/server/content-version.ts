import http from 'node:http';
import https from 'node:https';

export interface ContentVersionOptions {
  cmsUrl: string;
  /** How often the CMS is asked (1 s): the longest a kept page outlives a change, plus the CMS's own sync. */
  intervalMs?: number;
  /** The path of the CMS's version endpoint (cms/src/cache/content-version-route.ts). */
  path?: string;
}

export interface ContentVersionWatch {
  /** The CMS's content version as last read, or undefined when it is not known now (no answer lately). */
  current(): string | undefined;
  /** Asks the CMS now (the first read, and tests). */
  refresh(): Promise<string | undefined>;
  stop(): void;
}

const MAX_ANSWER_BYTES = 1024;

/**
 * Follows the CMS's content version by asking `GET /_content-version` every `intervalMs`: a request
 * of a few hundred bytes a second costs the CMS nothing measurable, whereas a version header on API
 * answers would only be seen on a render, never on the cache hits that must learn of a change. A
 * version older than three intervals counts as unknown: the page server then renders every page
 * (no kept page can be trusted when the CMS's changes cannot be heard of).
 */
export function watchContentVersion(options: ContentVersionOptions): ContentVersionWatch {
  const intervalMs = options.intervalMs ?? 1000;
  const target = new URL(options.path ?? '/_content-version', options.cmsUrl);
  const client = target.protocol === 'https:' ? https : http;
  const agent = new client.Agent({ keepAlive: true, maxSockets: 1 });
  let version: string | undefined;
  let readAt = 0;
  let pending: Promise<string | undefined> | undefined;

  function ask(): Promise<string | undefined> {
    return new Promise((resolve) => {
      const request = client.get(target, { agent, timeout: intervalMs }, (answer) => {
        const chunks: Buffer[] = [];
        let size = 0;
        answer.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) request.destroy(new Error('answer too long'));
          else chunks.push(chunk);
        });
        answer.on('end', () => {
          if (answer.statusCode !== 200) return resolve(undefined);
          try {
            const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { version?: unknown };
            resolve(typeof parsed.version === 'string' && parsed.version !== '' ? parsed.version : undefined);
          } catch {
            resolve(undefined);
          }
        });
        answer.on('error', () => resolve(undefined));
      });
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', () => resolve(undefined));
    });
  }

  let queued: Promise<string | undefined> | undefined;

  function read(): Promise<string | undefined> {
    pending = ask().then((answer) => {
      pending = undefined;
      version = answer;
      readAt = answer === undefined ? 0 : Date.now();
      return answer;
    });
    return pending;
  }

  /**
   * A read that starts after the call: one under way may have left before the change the caller
   * wants to see (the purge hook's refresh right after a publish). Callers arriving during a read
   * share the one queued after it, so a crowd of refreshes still costs the CMS two requests.
   */
  function refresh(): Promise<string | undefined> {
    if (pending === undefined) return read();
    queued ??= pending.then(() => {
      queued = undefined;
      return read();
    });
    return queued;
  }

  // The timer's reads need no queue: the next tick reads again anyway.
  const timer = setInterval(() => {
    if (pending === undefined) void read();
  }, intervalMs);
  timer.unref();
  void read();

  return {
    current: () => (version !== undefined && Date.now() - readAt <= 3 * intervalMs ? version : undefined),
    refresh,
    stop() {
      clearInterval(timer);
      agent.destroy();
    },
  };
}
