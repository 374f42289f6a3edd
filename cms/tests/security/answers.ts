import { expect } from 'vitest';
import { PRIVATE_KEYS } from './attack-surface';
import type { HostileWorld } from './hostile-world';

/** What an attacker observes of an answer: its status, where it redirects, and its bytes. */
export interface Answer {
  status: number;
  location: string | undefined;
  body: string;
}

export async function read(
  world: HostileWorld,
  url: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await world.cms.http().get(url).set(headers);
  return { status: response.status, location: response.headers.location, body: response.text };
}

function keysOf(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) keysOf(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      found.add(key);
      keysOf(child, found);
    }
  }
  return found;
}

function parsedJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** The answer is no crash and carries no private value, nor any private field even empty. */
export function expectNothingPrivate(world: HostileWorld, answer: Answer, url: string): void {
  expect(answer.status, `${url} crashed`).toBeLessThan(500);
  for (const [secret, value] of Object.entries(world.secrets)) {
    expect(answer.body.includes(value), `${url} shows ${secret}`).toBe(false);
  }
  const leakedKeys = [...keysOf(parsedJson(answer.body))].filter((key) => PRIVATE_KEYS.has(key));
  expect(leakedKeys, `${url} carries private fields`).toEqual([]);
}
