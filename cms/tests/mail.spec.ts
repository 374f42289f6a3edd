import { randomUUID } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRIVACY_ADMIN_API } from '@kiosque/shared';
import { addressSubject, signMailToken } from '../src/api/mail/model/mail-tokens';
import { mailOutbox } from '../src/db/mail-outbox';
import { mail } from '../src/services';
import { postComment } from './helpers/comments';
import { createArticle, setCommentSettings } from './helpers/content';
import { eventually, startSmtp, type TestSmtp } from './helpers/smtp';
import { adminToken, startCms, type RunningCms } from './helpers/strapi';

const MAIL_SECRET = 'secret-des-liens-de-courriel-pour-les-tests';
const MODERATORS = ['moderation@kiosque.test', 'seconde.moderatrice@kiosque.test'];

let cms: RunningCms;
let smtp: TestSmtp;
let article: { documentId: string };

const comments = () => cms.strapi.documents('api::comment.comment');
const statusOf = async (documentId: string) => (await comments().findOne({ documentId }))?.moderationStatus;
/** A round of this instance's sender, now: whatever is due is sent before it resolves. */
const round = async (now?: number) => {
  await mail(cms.strapi).idle();
  return mail(cms.strapi).sender.round(now);
};

function post(fields: Record<string, unknown>) {
  return postComment(cms, article.documentId, {}, fields).expect(201);
}

/** The links a mail carries, as paths of the CMS (the test talks to it directly). */
function linksOf(message: ParsedMail): string[] {
  return [...(message.text ?? '').matchAll(/https:\/\/kiosque\.test(\/api\/mail\/\S+)/g)].map((m) => m[1]);
}

function linkOf(message: ParsedMail, kind: string, purpose = ''): string {
  const found = linksOf(message).find((link) => link.startsWith(`/api/mail/${kind}/${purpose}`));
  if (!found) throw new Error(`No ${kind} link in ${message.subject}`);
  return found;
}

beforeAll(async () => {
  smtp = await startSmtp();
  cms = await startCms({
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    MAIL_FROM: 'Kiosque <ne-pas-repondre@kiosque.test>',
    MAIL_POLL_MS: '100',
    MAIL_RETRY_BASE_MS: '100',
    MAIL_SECRET,
    PUBLIC_URL: 'https://kiosque.test',
  });
  article = await createArticle(cms.strapi, { title: 'Réussir son premier entretien' });
});

beforeEach(async () => {
  await setCommentSettings(cms.strapi, {
    moderationMode: 'hold-all',
    rateLimitPerMinute: 10_000,
    moderatorEmails: '',
    moderatorDigestMinutes: 0,
  });
  await round();
  smtp.received.length = 0;
});

afterAll(async () => {
  // What destroy() does on a real shutdown (the helper's stop() skips Strapi's destroy).
  if (cms) await mail(cms.strapi).stop();
  await cms?.stop();
  await smtp?.close();
});

describe('moderators', () => {
  it('mails every moderator a held comment whose approve link works once, by POST only', async () => {
    await setCommentSettings(cms.strapi, { moderatorEmails: MODERATORS.join('\n') });
    const email = `candidate.${randomUUID()}@example.org`;
    const { body } = await post({
      authorName: 'Mariam',
      authorEmail: email,
      content: 'Merci pour ces conseils très concrets.',
    });
    const held = await eventually('two moderator mails', () =>
      smtp.received.length >= 2 ? smtp.received : null,
    );
    await round();
    expect(held.map((m) => (m.to as { text: string }).text).sort()).toEqual([...MODERATORS].sort());
    const [first] = held;
    expect(first.subject).toBe('Commentaire en attente sur « Réussir son premier entretien »');
    expect(first.text).toContain('Merci pour ces conseils très concrets.');
    expect(first.text).toContain('Retenu parce que');
    expect(first.html).toContain('Mariam');
    expect(`${first.text}${first.html}`).not.toContain(email);

    const approve = linkOf(first, 'moderation', 'approve');
    // Opening the link (as a mail scanner does) changes nothing.
    const page = await cms.http().get(approve).expect(200);
    expect(page.text).toContain('<form method="post">');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(await statusOf(body.data.documentId)).toBe('pending');

    await cms.http().post(approve).expect(200);
    expect(await statusOf(body.data.documentId)).toBe('approved');
    // Spent: the same link, the other moderator's and the spam link are all refused now.
    await cms.http().post(approve).expect(409);
    await cms
      .http()
      .post(linkOf(held[1], 'moderation', 'spam'))
      .expect(409);
    await cms
      .http()
      .get(linkOf(held[1], 'moderation', 'approve'))
      .expect(409);
    expect(await statusOf(body.data.documentId)).toBe('approved');
  });

  it('refuses a forged, expired or misused link with a page of its own and changes nothing', async () => {
    const { body } = await post({});
    const { documentId } = body.data;
    const expired = signMailToken(
      MAIL_SECRET,
      { purpose: 'approve', subject: documentId, lifetimeS: 60 },
      Date.now() - 3600_000,
    );
    const forged = signMailToken('une-autre-clé', {
      purpose: 'approve',
      subject: documentId,
      lifetimeS: 3600,
    });
    const valid = signMailToken(MAIL_SECRET, { purpose: 'approve', subject: documentId, lifetimeS: 3600 });
    const cases: [string, number][] = [
      [`/api/mail/moderation/${expired}`, 410],
      [`/api/mail/moderation/${forged}`, 403],
      [`/api/mail/moderation/${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`, 403],
      // A valid approve token on the confirmation path is no confirmation.
      [`/api/mail/confirmation/${valid}`, 403],
      ['/api/mail/moderation/rien', 403],
      [`/api/mail/moderation/${'a'.repeat(5000)}`, 403],
    ];
    for (const [path, status] of cases) {
      const answer = await cms.http().post(path).expect(status);
      expect(answer.headers['content-type']).toContain('text/html');
      expect(answer.text).toContain('<h1>');
    }
    expect(await statusOf(documentId)).toBe('pending');
  });

  it('sends one digest per moderator and window instead of a mail per comment', async () => {
    await setCommentSettings(cms.strapi, { moderatorEmails: MODERATORS[0], moderatorDigestMinutes: 5 });
    const texts = ['Premier avis pour le résumé.', 'Second avis pour le résumé.'];
    for (const content of texts) await post({ content });
    await round();
    expect(smtp.received).toHaveLength(0);
    // Five minutes later the window has ended: one digest, even if two rounds (or instances) see it.
    const later = Date.now() + 5 * 60_000;
    await round(later);
    await round(later);
    await mail(cms.strapi).newSender().round(later);
    const digests = smtp.to(MODERATORS[0]);
    const text = digests.map((m) => m.text).join('\n');
    for (const content of texts) expect(text.split(content).length - 1).toBe(1);
    expect(digests.length).toBeLessThanOrEqual(2); // two only if the comments straddled a window's end
    expect(digests[0].subject).toMatch(/commentaires? attend/);
  });
});

describe('readers', () => {
  it('confirms an address once, then mails exactly one message per approved reply, stopped in one click', async () => {
    const reader = `lectrice.${randomUUID()}@example.org`;
    const replier = `autre.${randomUUID()}@example.org`;
    await setCommentSettings(cms.strapi, { moderationMode: 'publish-all' });
    const parent = (await post({ authorName: 'Inès', authorEmail: reader, notifyReplies: true })).body.data;
    await post({ authorName: 'Inès', authorEmail: reader, notifyReplies: true });
    const [confirmation] = await eventually('the confirmation mail', () =>
      smtp.to(reader).length > 0 ? smtp.to(reader) : null,
    );
    await round();
    expect(smtp.to(reader)).toHaveLength(1); // once per address, whatever the comments
    expect(confirmation.subject).toBe('Confirmez votre adresse pour Kiosque');

    // Not confirmed yet: an approved reply sends nothing.
    await post({ authorEmail: replier, parent: parent.documentId });
    await round();
    expect(smtp.to(reader)).toHaveLength(1);

    const confirm = linkOf(confirmation, 'confirmation');
    await cms.http().get(confirm).expect(200);
    await cms.http().post(confirm).expect(200);

    // Held, then approved by an editor: one mail, after the approval only.
    await setCommentSettings(cms.strapi, { moderationMode: 'hold-all' });
    const content = 'Je confirme, la préparation change tout.';
    const reply = (
      await post({ authorName: 'Yacine', authorEmail: replier, parent: parent.documentId, content })
    ).body.data;
    await round();
    expect(smtp.to(reader)).toHaveLength(1);
    const approve = (status: string) =>
      comments().update({ documentId: reply.documentId, data: { moderationStatus: status } as never });
    await approve('approved');
    const notice = await eventually('the reply mail', () => smtp.to(reader)[1]);
    await approve('pending');
    await approve('approved');
    await round();
    expect(smtp.to(reader)).toHaveLength(2);
    expect(notice.subject).toBe('Yacine vous a répondu sur « Réussir son premier entretien »');
    expect(notice.text).toContain(content);
    expect(`${notice.text}${notice.html}${JSON.stringify(notice.headers)}`).not.toContain(replier);

    // Their own answer to themselves sends nothing.
    await setCommentSettings(cms.strapi, { moderationMode: 'publish-all' });
    await post({ authorEmail: reader, parent: parent.documentId });
    await round();
    expect(smtp.to(reader)).toHaveLength(2);

    // RFC 8058: the List-Unsubscribe URL takes a one-click POST, without any account.
    const header = (name: string) =>
      notice.headerLines.find((line) => line.key === name)?.line.replace(/\r?\n[ \t]+/g, ' ');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const listUnsubscribe = /^List-Unsubscribe: <(https:[^>]+)>$/.exec(header('list-unsubscribe') ?? '');
    expect(listUnsubscribe).not.toBeNull();
    const unsubscribe = new URL(listUnsubscribe![1]).pathname;
    expect(linkOf(notice, 'unsubscribe')).toBe(unsubscribe);
    await cms.http().post(unsubscribe).type('form').send('List-Unsubscribe=One-Click').expect(200);
    await post({ authorEmail: replier, parent: parent.documentId });
    await round();
    expect(smtp.to(reader)).toHaveLength(2);
  });

  it('mails a reader once when their held comment is approved, if they asked and confirmed, and never for one published at once', async () => {
    const reader = `publication.${randomUUID()}@example.org`;
    const other = `sans-case.${randomUUID()}@example.org`;
    // Published at once: its author sees it, so no confirmation is asked and no mail follows.
    await setCommentSettings(cms.strapi, { moderationMode: 'publish-all' });
    await post({ authorName: 'Rokia', authorEmail: reader, notifyPublished: true });
    await round();
    expect(smtp.to(reader)).toHaveLength(0);

    await setCommentSettings(cms.strapi, { moderationMode: 'hold-all' });
    const content = 'Mon premier avis, relu avant publication.';
    const held = (await post({ authorName: 'Rokia', authorEmail: reader, notifyPublished: true, content }))
      .body.data;
    const [confirmation] = await eventually('the confirmation mail', () =>
      smtp.to(reader).length > 0 ? smtp.to(reader) : null,
    );
    expect(confirmation.subject).toBe('Confirmez votre adresse pour Kiosque');
    // Without the box: approved, never mailed (the address is confirmed by then).
    const unticked = (await post({ authorName: 'Rokia', authorEmail: reader })).body.data;
    const noBox = (await post({ authorEmail: other })).body.data;
    await cms.http().post(linkOf(confirmation, 'confirmation')).expect(200);

    const setStatus = (documentId: string, status: string) =>
      comments().update({ documentId, data: { moderationStatus: status } as never });
    await setStatus(unticked.documentId, 'approved');
    await setStatus(noBox.documentId, 'approved');
    await setStatus(held.documentId, 'approved');
    const notice = await eventually('the publication mail', () => smtp.to(reader)[1]);
    // Unapproved and approved again: still one mail.
    await setStatus(held.documentId, 'pending');
    await setStatus(held.documentId, 'approved');
    await round();
    expect(smtp.to(reader)).toHaveLength(2);
    expect(smtp.to(other)).toHaveLength(0);
    expect(notice.subject).toBe('Votre commentaire est publié sur « Réussir son premier entretien »');
    expect(notice.text).toContain(content);
    expect(notice.headerLines.some((line) => line.key === 'list-unsubscribe-post')).toBe(true);
  });

  it('asks an address that unsubscribed to confirm again when it ticks the box again, then mails its replies', async () => {
    const reader = `retour.${randomUUID()}@example.org`;
    await setCommentSettings(cms.strapi, { moderationMode: 'publish-all' });
    await post({ authorName: 'Salif', authorEmail: reader, notifyReplies: true });
    const [first] = await eventually('the first confirmation', () =>
      smtp.to(reader).length > 0 ? smtp.to(reader) : null,
    );
    await cms.http().post(linkOf(first, 'confirmation')).expect(200);
    const left = await cms.http().post(linkOf(first, 'unsubscribe')).expect(200);
    // The page says how to come back.
    expect(left.text).toContain('cochez « Prévenez-moi des réponses »');

    // Without the box ticked, nothing; with it, a fresh confirmation, once however many comments.
    await post({ authorName: 'Salif', authorEmail: reader });
    await round();
    expect(smtp.to(reader)).toHaveLength(1);
    const parent = (await post({ authorName: 'Salif', authorEmail: reader, notifyReplies: true })).body.data;
    await post({ authorName: 'Salif', authorEmail: reader, notifyReplies: true });
    const again = await eventually('the second confirmation', () => smtp.to(reader)[1]);
    await round();
    expect(smtp.to(reader)).toHaveLength(2);
    expect(again.subject).toBe('Confirmez votre adresse pour Kiosque');

    // Not confirmed again yet: no reply mail; confirmed: the next reply is mailed.
    await post({ authorEmail: `autre.${randomUUID()}@example.org`, parent: parent.documentId });
    await round();
    expect(smtp.to(reader)).toHaveLength(2);
    await cms.http().post(linkOf(again, 'confirmation')).expect(200);
    await post({
      authorName: 'Binta',
      authorEmail: `autre.${randomUUID()}@example.org`,
      parent: parent.documentId,
    });
    const reply = await eventually('the reply mail', () => smtp.to(reader)[2]);
    expect(reply.subject).toBe('Binta vous a répondu sur « Réussir son premier entretien »');
  });
});

describe('privacy requests', () => {
  it('mails a signed link that exports, then erases, what names the author of an address', async () => {
    await setCommentSettings(cms.strapi, { moderationMode: 'publish-all' });
    const email = `effacement.${randomUUID()}@example.org`;
    const website = 'https://awa.example.org';
    const written = [
      (await post({ authorName: 'Awa', authorEmail: email, authorWebsite: website, notifyReplies: true }))
        .body.data,
      (await post({ authorName: 'Awa', authorEmail: email })).body.data,
    ];
    const ask = (data: unknown) => cms.http().post('/api/mail/privacy-requests').send({ data });
    for (const bad of [
      {},
      { email },
      { email: 'pas-une-adresse', request: 'export' },
      { email, request: 'drop' },
      'x',
    ]) {
      await ask(bad).expect(400);
    }
    // The same answer for an address that wrote nothing, and no mail to it.
    const unknown = `inconnu.${randomUUID()}@example.org`;
    const answers = [
      await ask({ email: unknown, request: 'erasure' }),
      await ask({ email, request: 'export' }),
    ];
    expect(answers.map((a) => [a.status, a.body])).toEqual(
      [answers[1], answers[1]].map((a) => [202, a.body]),
    );
    await ask({ email: email.toUpperCase(), request: 'erasure' }).expect(202);
    await ask({ email, request: 'erasure' }).expect(202);
    await eventually('the two request mails', () => smtp.to(email).length >= 3);
    await round();
    expect(smtp.to(unknown)).toHaveLength(0);
    // One mail per kind of request (confirmation, export, erasure), however often asked.
    expect(
      smtp
        .to(email)
        .map((m) => m.subject)
        .sort(),
    ).toEqual([
      'Confirmez votre adresse pour Kiosque',
      'Copie de vos commentaires',
      'Effacement de vos commentaires',
    ]);
    const linkIn = (subject: string) =>
      linkOf(
        smtp.to(email).find((m) => m.subject === subject)!,
        'privacy',
      );

    const exported = await cms.http().post(linkIn('Copie de vos commentaires')).expect(200);
    expect(exported.headers['content-disposition']).toContain('kiosque-commentaires.json');
    expect(exported.body.comments.map((c: { documentId: string }) => c.documentId)).toEqual(
      written.map((c) => c.documentId),
    );

    const erase = linkIn('Effacement de vos commentaires');
    await cms.http().get(erase).expect(200);
    expect((await comments().findOne({ documentId: written[0].documentId }))?.authorName).toBe('Awa');
    await cms.http().post(erase).expect(200);
    await cms.http().post(erase).expect(409);
    for (const { documentId } of written) {
      const erased = await comments().findOne({ documentId });
      expect(erased).toMatchObject({
        authorName: 'Anonyme',
        authorWebsite: null,
        ipHash: null,
        notifyReplies: false,
      });
      expect(erased?.authorEmail).not.toBe(email);
    }
    const thread = await cms
      .http()
      .get(`/api/articles/${article.documentId}/comments?pageSize=100`)
      .expect(200);
    expect(JSON.stringify(thread.body)).not.toContain(email);
    expect(JSON.stringify(thread.body)).not.toContain(website);
  });
});

describe('privacy requests from the admin', () => {
  /** An editor account whose role holds exactly `actions` on comments. */
  async function editorWith(name: string, actions: string[]): Promise<string> {
    const roles = cms.strapi.service('admin::role');
    const role = await roles.create({ name, description: `Peut : ${actions.join(', ') || 'rien'}.` });
    await roles.assignPermissions(
      role.id,
      actions.map((action) => ({ action, subject: 'api::comment.comment', properties: {}, conditions: [] })),
    );
    const credentials = { email: `${name.toLowerCase()}@kiosque.test`, password: `${name}-2026-Ok` };
    await cms.strapi.service('admin::user').create({
      ...credentials,
      firstname: name,
      lastname: 'Test',
      isActive: true,
      roles: [role.id],
    });
    return (await cms.http().post('/admin/login').send(credentials).expect(200)).body.data.token as string;
  }
  const asAdmin = (token: string, path: string, body: unknown) =>
    cms
      .http()
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);

  it('refuses the privacy routes to anyone but an editor allowed on comments, and a bad address in French', async () => {
    const nobody = await editorWith('Traduction', []);
    const reader = await editorWith('Lecture', ['plugin::content-manager.explorer.read']);
    const email = `droits.${randomUUID()}@example.org`;
    for (const path of Object.values(PRIVACY_ADMIN_API)) {
      await cms.http().post(path).send({ email }).expect(401);
      await asAdmin(nobody, path, { email }).expect(403);
    }
    // Reading comments allows the export, not the erasure.
    await asAdmin(reader, PRIVACY_ADMIN_API.export, { email }).expect(200);
    await asAdmin(reader, PRIVACY_ADMIN_API.erase, { email }).expect(403);

    const token = await adminToken(cms);
    const cases: [unknown, string][] = [
      [{}, 'Indiquez l’adresse e-mail du lecteur.'],
      [{ email: 'pas-une-adresse' }, 'Cette adresse e-mail n’est pas valide.'],
      [{ email, all: true }, 'Champ inconnu : all.'],
      [[email], 'Envoyez { email } en JSON.'],
    ];
    for (const path of Object.values(PRIVACY_ADMIN_API)) {
      for (const [body, message] of cases) {
        const refused = await asAdmin(token, path, body).expect(400);
        expect(refused.body.error.message).toBe(message);
      }
      const form = await cms
        .http()
        .post(path)
        .set('Authorization', `Bearer ${token}`)
        .type('form')
        .send(`email=${email}`)
        .expect(400);
      expect(form.body.error.message).toContain('JSON');
    }
  });

  it('exports what the reader’s link exports, then erases the address, its mails and its cached threads, logged without it', async () => {
    await setCommentSettings(cms.strapi, { moderationMode: 'publish-all' });
    const email = `admin.effacement.${randomUUID()}@example.org`;
    const website = 'https://kadi.example.org';
    const written = [
      (await post({ authorName: 'Kadi', authorEmail: email, authorWebsite: website, notifyReplies: true }))
        .body.data,
      (await post({ authorName: 'Kadi', authorEmail: email.toUpperCase() })).body.data,
    ];
    await eventually('the confirmation mail', () => smtp.to(email).length > 0);
    await round();
    const token = await adminToken(cms);

    const exported = await asAdmin(token, PRIVACY_ADMIN_API.export, {
      email: ` ${email.toUpperCase()} `,
    }).expect(200);
    expect(exported.headers['content-disposition']).toContain('kiosque-commentaires.json');
    expect(exported.headers['cache-control']).toBe('no-store');
    const link = signMailToken(MAIL_SECRET, {
      purpose: 'export',
      subject: addressSubject(email),
      lifetimeS: 3600,
    });
    const byReader = await cms.http().post(`/api/mail/privacy/${link}`).expect(200);
    expect(exported.body).toEqual(byReader.body);
    expect(exported.body.comments.map((c: { documentId: string }) => c.documentId)).toEqual(
      written.map((c) => c.documentId),
    );

    // The thread as the site read it before: cached, and named.
    const thread = () =>
      cms.http().get(`/api/articles/${article.documentId}/comments?pageSize=100`).expect(200);
    expect(JSON.stringify((await thread()).body)).toContain('Kadi');
    const confirmations = async () =>
      (await mailOutbox(cms.strapi).ofKind('confirm')).filter((row) => row.recipient === email);
    expect(await confirmations()).toHaveLength(1);

    const logged = vi.spyOn(cms.strapi.log, 'info');
    try {
      const erased = await asAdmin(token, PRIVACY_ADMIN_API.erase, { email }).expect(200);
      expect(erased.body).toEqual({ data: { erased: 2 } });
      const audit = logged.mock.calls
        .map(([line]) => String(line))
        .filter((line) => line.includes('erasure'));
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatch(/by admin user \d+: 2 comment\(s\) anonymised/);
      expect(audit.join('')).not.toContain(email);
    } finally {
      logged.mockRestore();
    }
    for (const { documentId } of written) {
      const stored = await comments().findOne({ documentId });
      expect(stored).toMatchObject({ authorName: 'Anonyme', authorWebsite: null, ipHash: null });
      expect(stored?.authorEmail).not.toBe(email);
    }
    expect(await confirmations()).toHaveLength(0);
    const after = JSON.stringify((await thread()).body);
    expect(after).not.toContain('Kadi');
    expect(after).not.toContain(website);
    expect(after).toContain('Anonyme');
    // Nothing left to erase: the same request answers none.
    await asAdmin(token, PRIVACY_ADMIN_API.erase, { email }).expect(200, { data: { erased: 0 } });
  });
});

describe('outbox', () => {
  it('delivers every mail of a burst once after an SMTP outage, and never fails a comment', async () => {
    await setCommentSettings(cms.strapi, { moderatorEmails: MODERATORS[0] });
    smtp.setDown(true);
    const burst = Array.from({ length: 25 }, (_, index) => `Avis numéro ${index} pendant la panne.`);
    const answers = await Promise.all(
      burst.map((content) => postComment(cms, article.documentId, {}, { content })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(burst.map(() => 201));
    await eventually(
      'failed attempts',
      async () => (await mailOutbox(cms.strapi).counts()).queued >= burst.length,
    );
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(smtp.received).toHaveLength(0);
    smtp.setDown(false);
    await eventually('every mail after the outage', () => smtp.received.length >= burst.length, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await round();
    const texts = smtp.received.map((m) => m.text ?? '');
    for (const content of burst) expect(texts.filter((text) => text.includes(content))).toHaveLength(1);
    expect(smtp.received).toHaveLength(burst.length);
  });

  it('never sends one mail twice when two senders share the outbox', async () => {
    const outbox = mailOutbox(cms.strapi);
    const run = randomUUID();
    const total = 40;
    for (let index = 0; index < total; index += 1) {
      await outbox.enqueue({
        dedupeKey: `test:${run}:${index}`,
        kind: 'test',
        recipient: 'partage@kiosque.test',
        subject: `Partage ${run} ${index}`,
        text: `Message ${index}`,
        html: `<p>Message ${index}</p>`,
      });
    }
    const [a, b] = [mail(cms.strapi).newSender(), mail(cms.strapi).newSender()];
    const sent = await Promise.all([a.round(), b.round(), round()]);
    await eventually('every shared mail', () => smtp.to('partage@kiosque.test').length >= total);
    await round();
    const subjects = smtp.to('partage@kiosque.test').map((m) => m.subject);
    expect(new Set(subjects).size).toBe(total);
    expect(subjects).toHaveLength(total);
    const byLoop = total - sent.reduce((sum, count) => sum + count, 0);
    console.info(
      `${total} shared mails: ${sent.join(' + ')} by three senders, ${byLoop} by the instance's loop`,
    );
  });

  it('prunes the sent mails older than MAIL_RETENTION_DAYS (30) in the loop, never one still to send', async () => {
    const outbox = mailOutbox(cms.strapi);
    const run = randomUUID().slice(0, 8);
    const kind = `prune-${run}`;
    const day = 24 * 3600_000;
    const now = Date.now();
    const message = (name: string) => ({
      dedupeKey: `prune:${run}:${name}`,
      kind,
      recipient: 'archive@kiosque.test',
      subject: `Archive ${run} ${name}`,
      text: name,
      html: `<p>${name}</p>`,
    });
    await outbox.enqueue(message('envoyé'));
    await round();
    // Due in sixty days: still to send when the first one has aged past the retention.
    await outbox.enqueue(message('à venir'), now + 60 * day);
    const stored = async () => (await outbox.ofKind(kind)).map((row) => row.text);
    await round(now + 29 * day);
    expect(await stored()).toEqual(['envoyé', 'à venir']);
    await round(now + 31 * day);
    expect(await stored()).toEqual(['à venir']);
    expect(smtp.to('archive@kiosque.test').map((m) => m.text?.trim())).toEqual(['envoyé']);
  });
});
