import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingPrivate, read } from './answers';
import { EXPOSURE_QUERIES, GUESS_ATTACKS, PATH_ORACLES, PUBLIC_ENDPOINTS, withQuery } from './attack-surface';
import { buildHostileWorld, type HostileWorld } from './hostile-world';

// An anonymous attacker sends plain HTTP to every public read, trying to learn what readers may not
// see: commenters' e-mails and hashes, drafts, administrators. Each attack is sent twice, with a right
// and a wrong guess about a secret; both must get the same answer, byte for byte, or the difference
// itself tells the secret. No answer may ever carry a private value or field.

let world: HostileWorld;

beforeAll(async () => {
  world = await buildHostileWorld();
});

afterAll(async () => {
  await world?.cms.stop();
});

for (const endpoint of PUBLIC_ENDPOINTS) {
  describe(endpoint.name, () => {
    for (const attack of GUESS_ATTACKS) {
      it(`answers ${attack.name} alike for ${attack.pair ?? 'a right and a wrong guess'}`, async () => {
        const headers = endpoint.headers?.(world) ?? {};
        const [right, wrong] = attack
          .guesses(world)
          .map((guess) => withQuery(endpoint.path(world), attack.query(guess)));
        const rightAnswer = await read(world, right, headers);
        const wrongAnswer = await read(world, wrong, headers);
        expectNothingPrivate(world, rightAnswer, right);
        expectNothingPrivate(world, wrongAnswer, wrong);
        expect(wrongAnswer.status, `${right} and ${wrong} differ in status`).toBe(rightAnswer.status);
        expect(wrongAnswer.body, `${right} and ${wrong} differ in body`).toBe(rightAnswer.body);
      });
    }

    for (const exposure of EXPOSURE_QUERIES) {
      it(`neither crashes nor shows a private value or field when sent ${exposure.name}`, async () => {
        const url = withQuery(endpoint.path(world), exposure.query);
        expectNothingPrivate(world, await read(world, url, endpoint.headers?.(world)), url);
      });
    }
  });
}

describe('addresses that name what readers may not see', () => {
  for (const oracle of PATH_ORACLES) {
    it(oracle.name, async () => {
      const headers = oracle.headers?.(world) ?? {};
      const [secret, unknown] = oracle.paths(world);
      const secretAnswer = await read(world, secret, headers);
      const unknownAnswer = await read(world, unknown, headers);
      expectNothingPrivate(world, secretAnswer, secret);
      expect(unknownAnswer).toEqual(secretAnswer);
    });
  }
});
