/**
 * The French texts of Kiosque's mails and of the pages their links open, each mail as text and as
 * HTML built from the same parts. Everything a reader wrote is escaped in the HTML. No mail ever
 * carries a commenter's address: a reply is signed with its author's name only, and the moderators'
 * mails leave the address to the admin.
 */

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface HeldCommentView {
  authorName: string;
  content: string;
  articleTitle: string;
  articleUrl: string;
  reason: string | null;
  approveUrl: string;
  spamUrl: string;
}

const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const paragraphs = (text: string): string =>
  text
    .split(/\n{2,}/)
    .map((part) => `<p>${escapeHtml(part).replace(/\n/g, '<br>')}</p>`)
    .join('');

const quote = (text: string): string =>
  `<blockquote style="margin:0 0 1em;padding:0 1em;border-left:3px solid #ccc">${paragraphs(text)}</blockquote>`;

const button = (url: string, label: string): string =>
  `<a href="${escapeHtml(url)}" style="display:inline-block;margin:0 .5em .5em 0;padding:.5em 1em;border:1px solid #333;border-radius:4px;color:#111;text-decoration:none">${escapeHtml(label)}</a>`;

function htmlDocument(body: string, footer?: string): string {
  return (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"></head>' +
    `<body style="font-family:sans-serif;line-height:1.5;max-width:40em">${body}` +
    (footer ? `<hr><p style="font-size:.85em;color:#555">${footer}</p>` : '') +
    '</body></html>'
  );
}

const indent = (text: string): string =>
  text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');

function heldText(comment: HeldCommentView): string {
  return [
    `${comment.authorName} sur « ${comment.articleTitle} » (${comment.articleUrl})`,
    `Retenu parce que : ${comment.reason ?? 'la modération est manuelle'}`,
    indent(comment.content),
    `Approuver : ${comment.approveUrl}`,
    `Indésirable : ${comment.spamUrl}`,
  ].join('\n\n');
}

function heldHtml(comment: HeldCommentView): string {
  return (
    `<p><strong>${escapeHtml(comment.authorName)}</strong> sur ` +
    `<a href="${escapeHtml(comment.articleUrl)}">« ${escapeHtml(comment.articleTitle)} »</a></p>` +
    `<p>Retenu parce que : ${escapeHtml(comment.reason ?? 'la modération est manuelle')}</p>` +
    quote(comment.content) +
    `<p>${button(comment.approveUrl, 'Approuver')}${button(comment.spamUrl, 'Indésirable')}</p>`
  );
}

const ACTION_NOTE =
  'Chaque lien ouvre une page de confirmation, sert une fois et expire au bout de sept jours. ' +
  'Les autres actions se font dans l’administration.';

export function heldCommentMail(comment: HeldCommentView): MailContent {
  return {
    subject: `Commentaire en attente sur « ${comment.articleTitle} »`,
    text: `Un commentaire attend votre modération.\n\n${heldText(comment)}\n\n-- \n${ACTION_NOTE}\n`,
    html: htmlDocument(`<p>Un commentaire attend votre modération.</p>${heldHtml(comment)}`, ACTION_NOTE),
  };
}

export function digestMail(comments: HeldCommentView[], minutes: number): MailContent {
  const count = comments.length === 1 ? '1 commentaire attend' : `${comments.length} commentaires attendent`;
  const intro = `${count} votre modération (reçus ces ${minutes} dernières minutes).`;
  return {
    subject: `${count} votre modération`,
    text: `${intro}\n\n${comments.map(heldText).join('\n\n----\n\n')}\n\n-- \n${ACTION_NOTE}\n`,
    html: htmlDocument(`<p>${escapeHtml(intro)}</p>${comments.map(heldHtml).join('<hr>')}`, ACTION_NOTE),
  };
}

const unsubscribeNote = (url: string) => ({
  text: `Ne plus recevoir ces messages : ${url}`,
  html: `<a href="${escapeHtml(url)}">Ne plus recevoir ces messages</a>`,
});

export function confirmationMail(view: { siteName: string; confirmUrl: string; unsubscribeUrl: string }) {
  const note = unsubscribeNote(view.unsubscribeUrl);
  const intro =
    `Vous avez demandé à être prévenu par e-mail au sujet de vos commentaires sur ${view.siteName} ` +
    '(leur publication, ou les réponses qu’on y fait). Confirmez cette adresse pour recevoir ces messages :';
  const ignore =
    'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : vous ne recevrez rien.';
  return {
    subject: `Confirmez votre adresse pour ${view.siteName}`,
    text: `${intro}\n\n${view.confirmUrl}\n\n${ignore}\n\n-- \n${note.text}\n`,
    html: htmlDocument(
      `<p>${escapeHtml(intro)}</p><p>${button(view.confirmUrl, 'Confirmer mon adresse')}</p><p>${escapeHtml(ignore)}</p>`,
      note.html,
    ),
  } satisfies MailContent;
}

export function replyMail(view: {
  readerName: string;
  replierName: string;
  reply: string;
  articleTitle: string;
  articleUrl: string;
  unsubscribeUrl: string;
}): MailContent {
  const note = unsubscribeNote(view.unsubscribeUrl);
  const intro = `Bonjour ${view.readerName}, ${view.replierName} a répondu à votre commentaire sur « ${view.articleTitle} » :`;
  return {
    subject: `${view.replierName} vous a répondu sur « ${view.articleTitle} »`,
    text: `${intro}\n\n${indent(view.reply)}\n\nLire la discussion : ${view.articleUrl}\n\n-- \n${note.text}\n`,
    html: htmlDocument(
      `<p>${escapeHtml(intro)}</p>${quote(view.reply)}<p>${button(view.articleUrl, 'Lire la discussion')}</p>`,
      note.html,
    ),
  };
}

/** A reader's own held comment, approved by an editor: it is on the site now. */
export function publishedMail(view: {
  readerName: string;
  content: string;
  articleTitle: string;
  articleUrl: string;
  unsubscribeUrl: string;
}): MailContent {
  const note = unsubscribeNote(view.unsubscribeUrl);
  const intro = `Bonjour ${view.readerName}, votre commentaire sur « ${view.articleTitle} » a été relu et publié :`;
  return {
    subject: `Votre commentaire est publié sur « ${view.articleTitle} »`,
    text: `${intro}

${indent(view.content)}

Le voir sur le site : ${view.articleUrl}

-- 
${note.text}
`,
    html: htmlDocument(
      `<p>${escapeHtml(intro)}</p>${quote(view.content)}<p>${button(view.articleUrl, 'Voir mon commentaire')}</p>`,
      note.html,
    ),
  };
}

/** A page of the CMS a mail link opens: plain HTML, no script, one form whose button POSTs. */
export function linkPage(view: {
  title: string;
  message: string;
  excerpt?: string;
  action?: { label: string };
}) {
  const form = view.action
    ? `<form method="post"><button type="submit" style="font-size:1em;padding:.5em 1em">${escapeHtml(view.action.label)}</button></form>`
    : '';
  return (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="robots" content="noindex">' +
    `<title>${escapeHtml(view.title)}</title></head>` +
    `<body style="font-family:sans-serif;line-height:1.5;max-width:40em;margin:2em auto;padding:0 1em">` +
    `<h1>${escapeHtml(view.title)}</h1>${paragraphs(view.message)}` +
    (view.excerpt ? quote(view.excerpt) : '') +
    `${form}</body></html>`
  );
}

/** The link that carries out a reader's privacy request, sent to the address it names. */
export function privacyMail(kind: 'export' | 'erasure', url: string): MailContent {
  const what =
    kind === 'export'
      ? 'recevoir une copie de vos commentaires'
      : 'effacer votre nom, votre adresse e-mail et votre site de vos commentaires (ils resteront signés « Anonyme »)';
  const intro = `Vous avez demandé à ${what}. Ouvrez ce lien pour confirmer (il est valable 24 heures) :`;
  const ignore = 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien ne changera.';
  return {
    subject: kind === 'export' ? 'Copie de vos commentaires' : 'Effacement de vos commentaires',
    text: `${intro}\n\n${url}\n\n${ignore}\n`,
    html: htmlDocument(
      `<p>${escapeHtml(intro)}</p><p>${button(url, 'Confirmer ma demande')}</p><p>${escapeHtml(ignore)}</p>`,
    ),
  };
}

/** To the moderators: a pool of groups is nearly full (the pool's own seats-left figure). */
export function poolNearlyFullMail(view: {
  poolName: string;
  poolUrl: string;
  seatsLeft: number;
}): MailContent {
  const seats = view.seatsLeft === 1 ? '1 place' : `${view.seatsLeft} places`;
  const intro =
    `La file de groupes « ${view.poolName} » n’a plus que ${seats} avant que ses lecteurs soient ` +
    'envoyés vers sa chaîne de repli.';
  const advice =
    'Ajoutez un groupe WhatsApp à la file, ou mettez à jour le nombre de membres de ses groupes, ' +
    'dans l’admin (Content Manager → File de groupes).';
  return {
    subject: `File « ${view.poolName} » presque complète : ${seats}`,
    text: `${intro}

${advice}

Adresse de la file : ${view.poolUrl}
`,
    html: htmlDocument(
      `<p>${escapeHtml(intro)}</p><p>${escapeHtml(advice)}</p><p>${escapeHtml(view.poolUrl)}</p>`,
      '',
    ),
  };
}
