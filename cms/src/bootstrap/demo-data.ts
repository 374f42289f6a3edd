import type { Schema } from '@strapi/strapi';

type BlocksContent = Schema.Attribute.BlocksValue;
type TextNode = { type: 'text'; text: string; bold?: boolean };

/*
 * French demo content, written for Kiosque: the data alone. `demo-content.ts` creates it once, on an
 * empty database only, so that a fresh `npm start` shows a real site; SEED_DEMO_CONTENT=false starts
 * empty.
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

export const DEMO_CATEGORIES = [
  {
    name: 'Emploi',
    slug: 'emploi',
    description: 'Offres, candidatures et entretiens : tout pour décrocher un poste dans le numérique.',
    colors: ['#0b5d4b', '#1f9e7a'],
  },
  {
    name: 'Formation',
    slug: 'formation',
    description:
      'Se former, se reconvertir, apprendre en ligne : les parcours qui mènent aux métiers du web.',
    colors: ['#5b2a86', '#9a55c9'],
  },
  {
    name: 'Métiers du web',
    slug: 'metiers-du-web',
    description: 'Ce que font vraiment les métiers du numérique, au quotidien, et comment y entrer.',
    colors: ['#a33b12', '#e07a2f'],
  },
] as const;

export const DEMO_AUTHORS = [
  {
    name: 'Aïcha Koné',
    slug: 'aicha-kone',
    bio: 'Rédactrice chez Kiosque, elle suit les métiers du web et les réseaux sociaux depuis dix ans.',
  },
  {
    name: 'Yannick Mbarga',
    slug: 'yannick-mbarga',
    bio: 'Formateur et reconverti dans le numérique, il raconte les chemins pour apprendre un métier.',
  },
] as const;

export type DemoCategoryName = (typeof DEMO_CATEGORIES)[number]['name'];
type DemoAuthorName = (typeof DEMO_AUTHORS)[number]['name'];

interface DemoArticle {
  title: string;
  slug: string;
  excerpt: string;
  category: DemoCategoryName;
  author: DemoAuthorName;
  /** Alternative text of the generated cover. */
  coverAlt: string;
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
    author: 'Aïcha Koné',
    coverAlt: 'Illustration abstraite orange : deux bulles de discussion qui se croisent',
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
    author: 'Yannick Mbarga',
    coverAlt: 'Illustration abstraite violette : des blocs empilés comme des étapes',
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
    author: 'Aïcha Koné',
    coverAlt: 'Illustration abstraite verte : une feuille de CV stylisée',
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

  {
    title: 'Entretien d’embauche en visio : la check-list avant de cliquer sur « Rejoindre »',
    slug: 'entretien-embauche-en-visio-check-list',
    excerpt:
      'Connexion, lumière, son, notes à portée de main : ce qu’il faut vérifier pour que l’écran ne vous fasse pas perdre vos moyens.',
    category: 'Emploi',
    author: 'Yannick Mbarga',
    coverAlt: 'Illustration abstraite verte : un écran et une pastille de caméra',
    body: [
      paragraph(
        'De plus en plus de recruteurs font passer le premier entretien à distance. C’est pratique, mais une coupure de réseau ou un micro mal réglé peuvent gâcher une bonne candidature.',
      ),
      heading('La veille : tester le matériel'),
      bullets(
        'Installer l’application demandée et faire un appel d’essai avec un proche',
        'Charger le téléphone ou l’ordinateur, et prévoir le chargeur à côté',
        'Choisir un endroit calme, avec la lumière face à soi plutôt que derrière',
      ),
      heading('Le jour J : dix minutes d’avance'),
      paragraph(
        'Connectez-vous en avance, coupez les notifications et gardez sous les yeux une feuille avec trois exemples concrets de ce que vous avez réalisé. ',
        bold('Regardez la caméra'),
        ' quand vous parlez : pour le recruteur, c’est comme un regard dans les yeux.',
      ),
      paragraph(
        'En cas de coupure, pas de panique : rappelez, excusez-vous simplement et reprenez là où vous en étiez. Ce qui compte, c’est votre calme.',
      ),
    ],
    comments: [
      {
        authorName: 'Mariam',
        authorEmail: 'mariam.demo@example.org',
        content: 'Le conseil de la lumière face à soi a tout changé pour moi, merci !',
      },
    ],
  },
  {
    title: 'Apprendre en ligne : cinq habitudes pour tenir jusqu’au bout',
    slug: 'apprendre-en-ligne-cinq-habitudes',
    excerpt:
      'La plupart des formations en ligne sont abandonnées avant la fin. Quelques habitudes simples aident à garder le rythme, même avec un emploi à côté.',
    category: 'Formation',
    author: 'Yannick Mbarga',
    coverAlt: 'Illustration abstraite violette : un calendrier aux cases cochées',
    body: [
      paragraph(
        'Commencer une formation en ligne est facile ; la terminer l’est beaucoup moins. Voici ce qui aide vraiment ceux qui vont au bout.',
      ),
      bullets(
        'Bloquer des créneaux fixes dans la semaine, comme un rendez-vous',
        'Se fixer de petits objectifs : un module, un exercice, pas « tout le cours »',
        'Pratiquer tout de suite sur un mini-projet personnel',
        'Rejoindre un groupe d’apprenants pour poser ses questions',
        'Noter chaque semaine ce qu’on a appris, pour voir le chemin parcouru',
      ),
      paragraph(
        'Le plus important reste la régularité : ',
        bold('trente minutes par jour valent mieux que cinq heures le dimanche'),
        '.',
      ),
    ],
    comments: [],
  },
  {
    title: 'Rédacteur web : écrire pour les lecteurs et pour les moteurs de recherche',
    slug: 'redacteur-web-ecrire-pour-les-lecteurs',
    excerpt:
      'Le rédacteur web écrit des articles, des fiches et des newsletters qui doivent à la fois plaire aux lecteurs et être trouvés. Un métier accessible, qui demande de la méthode.',
    category: 'Métiers du web',
    author: 'Aïcha Koné',
    coverAlt: 'Illustration abstraite orange : des lignes de texte et une loupe',
    body: [
      paragraph(
        'Derrière chaque page bien écrite d’un site, il y a souvent un rédacteur web. Son travail : transformer un sujet en un texte clair, utile et facile à trouver.',
      ),
      heading('Ce qu’on attend de lui'),
      bullets(
        'Comprendre ce que cherche le lecteur avant d’écrire',
        'Structurer le texte avec des titres et des phrases courtes',
        'Choisir les mots que les lecteurs tapent vraiment dans les moteurs de recherche',
      ),
      paragraph(
        'On y entre souvent en indépendant, avec quelques textes publiés comme exemples. Un blog personnel peut très bien servir de premier portfolio.',
      ),
    ],
    comments: [],
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
    targetCategories: ['Emploi'] as DemoCategoryName[],
  },
];
