import { describe, expect, it } from 'vitest';
import { runSoak } from '../scripts/soak.mjs';
import { testDatabase } from './helpers/strapi';

describe('comments under load and a crash (a small run of `npm run soak`)', () => {
  it('stores every acknowledged comment exactly once across a SIGKILL and restart', async () => {
    const result = await runSoak({
      submissions: 200,
      concurrency: 20,
      killAt: 0.5,
      database: testDatabase,
      port: 1461,
      compile: false,
      log: () => {},
    });
    console.info('soak (small):', JSON.stringify(result));
    expect(result).toMatchObject({
      acknowledged: 200,
      stored: 200,
      duplicates: 0,
      lost: 0,
      wrongDocument: 0,
      resendMismatches: 0,
      fiveXxOutsideKillWindow: 0,
      killed: true,
      integrity: 'ok',
      ok: true,
    });
  }, 180_000);
});
