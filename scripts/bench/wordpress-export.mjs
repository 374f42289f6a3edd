// A WordPress export (WXR 1.2) of any size, for the import benchmark: deterministic (the same
// arguments always write the same bytes), written as a stream so that 10,000 posts and 100,000
// comments never sit in memory, in French sentences of our own assembled from fixed pieces.
// Its shape follows a real blog: a few authors and categories, classic and Gutenberg bodies, threads
// nested two levels deep, and comments in every status the importer handles (approved, held, spam,
// trash, pingbacks).
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const SITE = 'https://blog-de-charge.example';

const SUBJECTS = ['La rédaction', 'Notre équipe', 'Une lectrice', 'Le collectif', 'Chaque développeuse'];
const VERBS = ['prépare', 'raconte', 'compare', 'explique', 'découvre', 'défend'];
const OBJECTS = [
  'une reconversion vers le numérique',
  'les entretiens d’embauche en visio',
  'le télétravail à la campagne',
  'la négociation du premier salaire',
  'un portfolio qui se remarque',
  'les communautés d’entraide',
];
const ENDINGS = ['avec patience.', 'sans détour.', 'pas à pas.', 'en toute franchise.', 'à sa façon.'];

const AUTHORS = [
  ['amina', 'Amina Benali'],
  ['lucas', 'Lucas Fontaine'],
  ['zoe', 'Zoé Ngata'],
  ['theo', 'Théo Marchand'],
];
const CATEGORIES = [
  ['emploi', 'Emploi'],
  ['reconversion', 'Reconversion'],
  ['teletravail', 'Télétravail'],
  ['outils', 'Outils & méthodes'],
  ['temoignages', 'Témoignages'],
];

/** The n-th sentence: the same n always gives the same words. */
function sentence(n) {
  return `${SUBJECTS[n % 5]} ${VERBS[(n >> 2) % 6]} ${OBJECTS[(n >> 4) % 6]} ${ENDINGS[(n >> 6) % 5]}`;
}

const pad = (value) => String(value).padStart(2, '0');

/** WordPress's `YYYY-MM-DD HH:MM:SS`, `minutes` after 2015-01-01 00:00 UTC. */
function wpDate(minutes) {
  const date = new Date(Date.UTC(2015, 0, 1) + minutes * 60_000);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:00`;
}

/** A comment's status: mostly approved, some held, a little spam, trash and pingbacks. */
function commentStatus(n) {
  const roll = n % 20;
  if (roll === 17) return { approved: '0', type: 'comment' };
  if (roll === 18) return { approved: 'spam', type: 'comment' };
  if (roll === 19)
    return { approved: n % 40 === 19 ? 'trash' : '1', type: n % 40 === 19 ? 'comment' : 'pingback' };
  return { approved: '1', type: 'comment' };
}

function body(index) {
  const paragraphs = [0, 1, 2, 3].map((k) => sentence(index * 7 + k));
  if (index % 2 === 0) {
    // Classic editor: bare lines, inline markup, a list.
    return `${paragraphs[0]} ${paragraphs[1]}\n\n<h2>Ce qu’il faut retenir</h2>\n${paragraphs[2]} <strong>${paragraphs[3]}</strong>\n\n<ul>\n\t<li>${sentence(index + 1)}</li>\n\t<li>${sentence(index + 2)}</li>\n</ul>`;
  }
  // Gutenberg: block comments around the HTML.
  return `<!-- wp:paragraph -->\n<p>${paragraphs[0]} <em>${paragraphs[1]}</em></p>\n<!-- /wp:paragraph -->\n\n<!-- wp:heading -->\n<h2>Pour aller plus loin</h2>\n<!-- /wp:heading -->\n\n<!-- wp:paragraph -->\n<p>${paragraphs[2]} ${paragraphs[3]}</p>\n<!-- /wp:paragraph -->`;
}

/**
 * Writes an export of `posts` posts and `comments` comments (spread evenly, the remainder on the
 * first posts) to `file`, and resolves once it is on disk.
 */
export async function writeWordPressExport(file, { posts, comments }) {
  const out = createWriteStream(file);
  const write = async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
\t<title>Blog de charge</title>
\t<link>${SITE}</link>
\t<description>Un blog fictif pour mesurer l’import</description>
\t<language>fr-FR</language>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:base_site_url>${SITE}</wp:base_site_url>
\t<wp:base_blog_url>${SITE}</wp:base_blog_url>
`);
  for (const [index, [login, name]] of AUTHORS.entries()) {
    await write(
      `\t<wp:author><wp:author_id>${index + 2}</wp:author_id><wp:author_login><![CDATA[${login}]]></wp:author_login><wp:author_email><![CDATA[${login}@blog-de-charge.example]]></wp:author_email><wp:author_display_name><![CDATA[${name}]]></wp:author_display_name></wp:author>\n`,
    );
  }
  for (const [index, [slug, name]] of CATEGORIES.entries()) {
    await write(
      `\t<wp:category><wp:term_id>${index + 3}</wp:term_id><wp:category_nicename><![CDATA[${slug}]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[${name}]]></wp:cat_name></wp:category>\n`,
    );
  }
  const perPost = Math.floor(comments / posts);
  const extra = comments % posts;
  let commentId = 1;
  for (let index = 0; index < posts; index += 1) {
    const postId = 1000 + index;
    const minutes = index * 90;
    const date = wpDate(minutes);
    const slug = `article-de-charge-${index}`;
    const [year, month] = date.split('-');
    const [category, categoryName] = CATEGORIES[index % CATEGORIES.length];
    const status = index % 25 === 24 ? 'draft' : 'publish';
    const title = `${OBJECTS[index % 6][0].toUpperCase()}${OBJECTS[index % 6].slice(1)}, épisode ${index} ✨`;
    let thread = '';
    const count = perPost + (index < extra ? 1 : 0);
    const first = commentId;
    for (let n = 0; n < count; n += 1, commentId += 1) {
      // Every third comment answers the one before it; every ninth answers that answer (depth 3).
      const parent = n % 3 === 0 || commentId - 1 < first ? 0 : commentId - 1;
      const { approved, type } = commentStatus(commentId);
      thread += `\t\t<wp:comment><wp:comment_id>${commentId}</wp:comment_id><wp:comment_author><![CDATA[Lecteur ${commentId % 997}]]></wp:comment_author><wp:comment_author_email><![CDATA[lecteur${commentId % 997}@exemple.fr]]></wp:comment_author_email><wp:comment_author_url>${commentId % 5 === 0 ? 'https://exemple.fr/' : ''}</wp:comment_author_url><wp:comment_date><![CDATA[${wpDate(minutes + 60 + n)}]]></wp:comment_date><wp:comment_date_gmt><![CDATA[${wpDate(minutes + 60 + n)}]]></wp:comment_date_gmt><wp:comment_content><![CDATA[${sentence(commentId)} Merci pour l’article !]]></wp:comment_content><wp:comment_approved><![CDATA[${approved}]]></wp:comment_approved><wp:comment_type><![CDATA[${type}]]></wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent></wp:comment>\n`;
    }
    await write(`\t<item>
\t\t<title><![CDATA[${title}]]></title>
\t\t<link>${SITE}/${year}/${month}/${slug}/</link>
\t\t<dc:creator><![CDATA[${AUTHORS[index % AUTHORS.length][0]}]]></dc:creator>
\t\t<guid isPermaLink="false">${SITE}/?p=${postId}</guid>
\t\t<content:encoded><![CDATA[${body(index)}]]></content:encoded>
\t\t<excerpt:encoded><![CDATA[${index % 3 === 0 ? sentence(index) : ''}]]></excerpt:encoded>
\t\t<wp:post_id>${postId}</wp:post_id>
\t\t<wp:post_date><![CDATA[${date}]]></wp:post_date>
\t\t<wp:post_date_gmt><![CDATA[${date}]]></wp:post_date_gmt>
\t\t<wp:post_modified_gmt><![CDATA[${date}]]></wp:post_modified_gmt>
\t\t<wp:comment_status><![CDATA[open]]></wp:comment_status>
\t\t<wp:post_name><![CDATA[${slug}]]></wp:post_name>
\t\t<wp:status><![CDATA[${status}]]></wp:status>
\t\t<wp:post_type><![CDATA[post]]></wp:post_type>
\t\t<category domain="category" nicename="${category}"><![CDATA[${categoryName}]]></category>
${thread}\t</item>
`);
  }
  await write('</channel>\n</rss>\n');
  out.end();
  await once(out, 'finish');
}
