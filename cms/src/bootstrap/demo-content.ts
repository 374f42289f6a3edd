import type { Core, Schema } from '@strapi/strapi';

type BlocksContent = Schema.Attribute.BlocksValue;
type TextNode = { type: 'text'; text: string; bold?: boolean };

/*
 * French demo content, written for Kiosque. It is created once, on an empty database only, so that a
 * fresh `npm start` shows a real site; set SEED_DEMO_CONTENT=false to start empty.
 */

const paragraph = (...children: (string | TextNode)[]): BlocksContent[number] => ({
  type: 'paragraph',
  children: children.map((child) => (typeof child === 'string' ? { type: 'text', text: child } : child)),
});
const heading = (text: string): BlocksContent[number] => ({
  type: 'heading',
  level: 2,
  children: [{ type: 'text', text }],
});
const bullets = (...items: string[]): BlocksContent[number] => ({
  type: 'list',
  format: 'unordered',
  children: items.map((text) => ({ type: 'list-item', children: [{ type: 'text', text }] })),
});
const bold = (text: string): TextNode => ({ type: 'text', text, bold: true });

interface DemoArticle {
  title: string;
  slug: string;
  excerpt: string;
  category: string;
  authorName: string;
  body: BlocksContent;
  comments: { authorName: string; authorEmail: string; content: string }[];
}

export const DEMO_ARTICLES: DemoArticle[] = [
  {
    title: 'Community manager ou social media manager : quelle différence ?',
    slug: 'community-manager-ou-social-media-manager',
    excerpt:
      'Les deux métiers se croisent sur les réseaux sociaux, mais l’un anime une communauté quand l’autre pilote une stratégie. On fait le point pour choisir sa voie.',
    category: 'Métiers du web',
    authorName: 'Aïcha Koné',
    body: [
      paragraph(
        'Dans les offres d’emploi, les deux intitulés sont souvent mélangés. Pourtant, ils ne décrivent pas le même travail au quotidien, ni les mêmes compétences attendues.',
      ),
      heading('Le community manager : la voix de la marque'),
      paragraph(
        'Le ',
        bold('community manager'),
        ' vit au plus près des abonnés. Il répond aux messages, modère les commentaires, lance des conversations et repère les membres les plus actifs. Son objectif : que la communauté se sente écoutée et reste fidèle.',
      ),
      bullets(
        'Animer les groupes et les pages au jour le jour',
        'Répondre aux questions et désamorcer les tensions',
        'Faire remonter les retours des membres aux équipes',
      ),
      heading('Le social media manager : le stratège'),
      paragraph(
        'Le ',
        bold('social media manager'),
        ' prend de la hauteur. Il choisit les réseaux sur lesquels être présent, fixe un calendrier éditorial, gère le budget publicitaire et mesure les résultats. Il encadre parfois un ou plusieurs community managers.',
      ),
      bullets(
        'Définir les objectifs et les indicateurs de performance',
        'Planifier les campagnes et les contenus sponsorisés',
        'Analyser les statistiques et ajuster la stratégie',
      ),
      heading('Lequel choisir ?'),
      paragraph(
        'Si vous aimez l’échange et la réactivité, commencez par l’animation de communauté. Si vous préférez les chiffres et la planification, visez la stratégie. Beaucoup de professionnels passent d’ailleurs du premier au second après quelques années.',
      ),
    ],
    comments: [
      {
        authorName: 'Moussa',
        authorEmail: 'moussa.demo@example.org',
        content:
          'Merci, je confondais les deux ! Je postule souvent aux deux types d’offres, je vais mieux cibler.',
      },
      {
        authorName: 'Clarisse N.',
        authorEmail: 'clarisse.demo@example.org',
        content:
          'Dans ma petite agence, je fais les deux à la fois… mais la distinction aide à négocier son salaire.',
      },
    ],
  },
  {
    title: 'Devenir développeur web : par où commencer en 2026 ?',
    slug: 'devenir-developpeur-web-par-ou-commencer',
    excerpt:
      'HTML, CSS, JavaScript, un premier projet en ligne : voici un parcours réaliste pour apprendre le développement web sans se disperser.',
    category: 'Formation',
    authorName: 'Yannick Mbarga',
    body: [
      paragraph(
        'Le développement web reste l’une des portes d’entrée les plus accessibles dans le numérique. La difficulté n’est pas de trouver des ressources, mais de choisir un chemin et de s’y tenir.',
      ),
      heading('Les bases d’abord'),
      bullets(
        'HTML pour structurer une page',
        'CSS pour la mettre en forme et l’adapter aux téléphones',
        'JavaScript pour la rendre interactive',
      ),
      paragraph(
        'Comptez quelques semaines de pratique régulière pour être à l’aise. Mieux vaut une heure par jour que dix heures le dimanche.',
      ),
      heading('Construire, publier, montrer'),
      paragraph(
        'Un recruteur regarde d’abord ce que vous avez réalisé. Créez un petit portfolio, mettez en ligne deux ou trois projets concrets (un site pour une association, un outil qui vous sert au quotidien) et expliquez vos choix.',
      ),
      heading('Rejoindre une communauté'),
      paragraph(
        'Apprendre seul est possible, mais les groupes d’entraide font gagner un temps précieux : on y pose ses questions, on y découvre des offres de stage et on s’y motive mutuellement.',
      ),
    ],
    comments: [
      {
        authorName: 'Fatou',
        authorEmail: 'fatou.demo@example.org',
        content:
          'Le conseil « une heure par jour » a tout changé pour moi. J’ai publié mon premier site le mois dernier !',
      },
    ],
  },
  {
    title: 'Un CV qui donne envie : cinq conseils pour un premier emploi dans le numérique',
    slug: 'cv-premier-emploi-numerique-cinq-conseils',
    excerpt:
      'Peu d’expérience ? Votre CV peut quand même convaincre. Cinq conseils simples pour mettre en avant vos projets et vos compétences.',
    category: 'Emploi',
    authorName: 'Aïcha Koné',
    body: [
      paragraph(
        'Pour un premier poste, le recruteur ne s’attend pas à une longue carrière. Il cherche des signes de motivation, de curiosité et de capacité à apprendre.',
      ),
      bullets(
        'Une seule page, claire et aérée',
        'Un titre précis : « Développeuse web junior », pas « Recherche emploi »',
        'Vos projets personnels, avec un lien vers chacun',
        'Les outils que vous maîtrisez vraiment, sans liste interminable',
        'Une relecture par une autre personne avant chaque envoi',
      ),
      paragraph(
        'Adaptez enfin votre CV à chaque offre : reprenez les mots-clés de l’annonce lorsqu’ils correspondent à votre expérience. C’est souvent ce qui fait la différence face aux logiciels de tri.',
      ),
    ],
    comments: [
      {
        authorName: 'Jean-Baptiste',
        authorEmail: 'jb.demo@example.org',
        content: 'Je rajouterais : un lien vers un profil professionnel à jour. Merci pour l’article.',
      },
    ],
  },
];

export const DEMO_GROUPS = [
  {
    name: 'Alertes emploi Kiosque',
    platform: 'whatsapp_group' as const,
    inviteUrl: 'https://chat.whatsapp.com/KiosqueDemoAlertesEmploi',
    headline: 'Recevez les offres d’emploi sur WhatsApp',
    buttonLabel: 'Rejoindre le groupe',
    description: 'Les nouvelles offres du web et du numérique, chaque jour, directement sur votre téléphone.',
    displayOrder: 1,
  },
  {
    name: 'Actualités Kiosque',
    platform: 'whatsapp_group' as const,
    inviteUrl: 'https://chat.whatsapp.com/KiosqueDemoActualites',
    headline: 'Suivez l’actualité sur WhatsApp',
    buttonLabel: 'Rejoindre le groupe',
    description: 'Nos derniers articles et les nouvelles du secteur, sans rien manquer.',
    displayOrder: 2,
  },
  {
    name: 'Communauté Kiosque',
    platform: 'telegram' as const,
    inviteUrl: 'https://t.me/KiosqueDemoCommunaute',
    headline: 'Échangez avec la communauté sur Telegram',
    buttonLabel: 'Rejoindre sur Telegram',
    description:
      'Questions, conseils et entraide entre lecteurs qui construisent leur carrière dans le numérique.',
    displayOrder: 3,
  },
  {
    name: 'Chaîne Offres d’emploi',
    platform: 'whatsapp_channel' as const,
    inviteUrl: 'https://whatsapp.com/channel/0029KiosqueDemoOffresEmploi',
    headline: 'Chaque offre d’emploi, dès sa publication',
    buttonLabel: 'Suivre la chaîne',
    description:
      'La chaîne WhatsApp de nos offres d’emploi et de stage, proposée sous les articles de la catégorie Emploi.',
    displayOrder: 0,
    targetCategories: 'Emploi',
  },
];

const CONTENT_UIDS = [
  'api::article.article',
  'api::community-group.community-group',
  'api::comment.comment',
] as const;

/**
 * Fills an empty database with the demo content. Does nothing when turned off, or when any article,
 * group or comment exists: an editor's database is never touched, and a restart never duplicates.
 */
export async function seedDemoContent(strapi: Core.Strapi): Promise<'seeded' | 'skipped'> {
  if (process.env.SEED_DEMO_CONTENT === 'false') return 'skipped';
  for (const uid of CONTENT_UIDS) {
    if ((await strapi.db.query(uid).count()) > 0) return 'skipped';
  }

  for (const group of DEMO_GROUPS) {
    await strapi
      .documents('api::community-group.community-group')
      .create({ data: { ...group, active: true, full: false } });
  }
  for (const { comments, ...article } of DEMO_ARTICLES) {
    const created = await strapi.documents('api::article.article').create({
      data: { ...article, commentsClosed: false },
      status: 'published',
    });
    for (const comment of comments) {
      await strapi.documents('api::comment.comment').create({
        data: { ...comment, article: created.documentId, moderationStatus: 'approved', depth: 1 },
      });
    }
  }
  strapi.log.info(
    `Demo content created: ${DEMO_ARTICLES.length} articles, ${DEMO_GROUPS.length} community groups.`,
  );
  return 'seeded';
}
