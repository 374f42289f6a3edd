import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mail } from '../src/services';
import { postComment } from './helpers/comments';
import { createArticle, setCommentSettings } from './helpers/content';
import { eventually } from './helpers/smtp';
import { startCms, type RunningCms } from './helpers/strapi';

/*
 * `npm start` on a laptop: no SMTP_HOST. Each mail is written to cms/.tmp/mail/ as an .eml file
 * (what a mail client opens) and its links are logged, so that the whole flow can be tried without
 * a mail server.
 */

const MODERATOR = 'moderation@kiosque.test';

let cms: RunningCms;
const logged: string[] = [];
const written: string[] = [];

beforeAll(async () => {
  delete process.env.SMTP_HOST;
  cms = await startCms({
    MAIL_POLL_MS: '100',
    MAIL_SECRET: 'secret-des-liens-de-courriel-sans-serveur',
    PUBLIC_URL: 'https://kiosque.test',
  });
  // What the log says at the info level (the tests run at warn: the call is what matters).
  const info = cms.strapi.log.info.bind(cms.strapi.log);
  cms.strapi.log.info = ((message: string, ...rest: unknown[]) => {
    logged.push(String(message));
    return info(message, ...rest);
  }) as typeof cms.strapi.log.info;
});

afterAll(async () => {
  await Promise.all(written.map((file) => rm(file, { force: true })));
  if (cms) await mail(cms.strapi).stop();
  await cms?.stop();
});

describe('mail without a mail server', () => {
  it('writes a held comment’s moderator mail under cms/.tmp/mail/, logs its links, and its approve link works', async () => {
    const article = await createArticle(cms.strapi, { title: 'Préparer un entretien en visio' });
    await setCommentSettings(cms.strapi, {
      moderationMode: 'hold-all',
      rateLimitPerMinute: 10_000,
      moderatorEmails: MODERATOR,
    });
    const content = 'Faut-il allumer sa caméra dès le début ? Merci pour l’article.';
    const { body } = await postComment(cms, article.documentId, {}, { content }).expect(201);

    const line = await eventually(
      'the mail written to a file',
      () => logged.find((message) => message.startsWith(`Mail to ${MODERATOR} written to `)),
      15_000,
    );
    const file = line.match(/written to (\S+\.eml)/)?.[1] ?? '';
    written.push(file);
    expect(path.dirname(file)).toBe(path.join(cms.strapi.dirs.app.root, '.tmp', 'mail'));
    const message = await simpleParser(await readFile(file));
    expect(message.subject).toBe('Commentaire en attente sur « Préparer un entretien en visio »');
    expect((message.to as { text: string }).text).toBe(MODERATOR);
    expect(message.text).toContain(content);
    expect(message.html).toContain('Approuver');

    const approve = message.text?.match(/https:\/\/kiosque\.test(\/api\/mail\/moderation\/approve\S*)/)?.[1];
    expect(approve).toBeDefined();
    // The log gives the same link, to click from the terminal.
    expect(line).toContain(`https://kiosque.test${approve}`);
    await cms
      .http()
      .post(approve ?? '')
      .expect(200);
    const comment = await cms.strapi
      .documents('api::comment.comment')
      .findOne({ documentId: body.data.documentId });
    expect(comment?.moderationStatus).toBe('approved');
  });
});
