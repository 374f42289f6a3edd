import type { Core } from '@strapi/strapi';

/**
 * What the admin shows editors for Kiosque's own fields: French labels (the admin is French, the
 * field names stay the API's), and which fields are the CMS's to fill in. Data, applied by
 * `labelAdminFields` below.
 */
interface FieldLabels {
  labels: Record<string, string>;
  /** Filled in by the CMS: shown, never edited. */
  readOnly?: string[];
  /** The CMS's bookkeeping, meaningless to an editor: not shown on the edit page. */
  hidden?: string[];
  /**
   * A relation shown by this field of its target (the list's column and the edit view's picker):
   * an article by its title rather than its id.
   */
  mainFields?: Record<string, string>;
}

export const ADMIN_FIELD_LABELS: Record<string, FieldLabels> = {
  'api::article.article': {
    labels: {
      title: 'Titre',
      slug: 'Adresse (slug)',
      excerpt: 'Chapô',
      body: 'Texte',
      cover: 'Image de couverture',
      author: 'Auteur',
      category: 'Rubrique',
      commentsClosed: 'Commentaires fermés',
      readingTime: 'Temps de lecture (min)',
      seo: 'Référencement et partage',
    },
    readOnly: ['readingTime'],
  },
  'api::author.author': {
    labels: { name: 'Nom', slug: 'Adresse (slug)', bio: 'Présentation', avatar: 'Photo' },
  },
  'api::category.category': {
    labels: { name: 'Nom', slug: 'Adresse (slug)', description: 'Description' },
  },
  'api::comment.comment': {
    labels: {
      article: 'Article',
      authorName: 'Nom',
      authorEmail: 'E-mail (jamais publié)',
      content: 'Commentaire',
      moderationStatus: 'Statut',
      authorWebsite: 'Site web',
      parentDocumentId: 'En réponse à',
      threadRootId: 'Fil',
      depth: 'Niveau',
      ipHash: 'Empreinte de l’adresse',
      userAgent: 'Navigateur',
      idempotencyKey: 'Clé d’envoi',
      authorKeyHash: 'Empreinte de la clé du lecteur',
      moderationReason: 'Pourquoi il attend',
      notifyReplies: 'Prévenir des réponses par e-mail',
      notifyPublished: 'Prévenir de la publication par e-mail',
      editorial: 'Réponse de la rédaction',
    },
    readOnly: [
      'parentDocumentId',
      'threadRootId',
      'depth',
      'userAgent',
      'moderationReason',
      'notifyReplies',
      'notifyPublished',
      'editorial',
    ],
    hidden: ['ipHash', 'idempotencyKey', 'authorKeyHash'],
    mainFields: { article: 'title' },
  },
  'api::comment-setting.comment-setting': {
    labels: {
      moderationMode: 'Modération',
      autoCloseAfterDays: 'Fermer les commentaires après (jours)',
      maxLinks: 'Liens permis avant validation',
      blockedWords: 'Mots retenus (un par ligne)',
      rateLimitPerMinute: 'Commentaires par minute et par adresse',
      moderatorEmails: 'E-mails des modérateurs (un par ligne)',
      moderatorDigestMinutes: 'Résumé aux modérateurs toutes les N minutes (0 : à chaque commentaire)',
    },
  },
  'api::community-group.community-group': {
    labels: {
      name: 'Nom',
      platform: 'Plateforme',
      inviteUrl: 'Lien d’invitation',
      headline: 'Accroche',
      buttonLabel: 'Texte du bouton',
      headlineB: 'Accroche B (test de texte)',
      buttonLabelB: 'Texte du bouton B (test de texte)',
      description: 'Description',
      displayOrder: 'Ordre d’affichage',
      active: 'Affiché',
      full: 'Complet',
      replacement: 'Groupe de remplacement',
      targetCategories: 'Rubriques visées',
      members: 'Membres (nombre saisi)',
      membersAt: 'Nombre de membres saisi le',
      poolJoins: 'Arrivées depuis le nombre saisi',
    },
    readOnly: ['membersAt', 'poolJoins'],
  },
  'api::group-pool.group-pool': {
    labels: {
      name: 'Nom',
      slug: 'Adresse (/rejoindre/…)',
      groups: 'Groupes WhatsApp, dans l’ordre',
      fallback: 'Chaîne de repli',
      cap: 'Membres au plus par groupe',
      nearlyFullThreshold: 'Alerter sous (places restantes)',
      seatsLeft: 'Places restantes',
      nearlyFull: 'Presque complète',
    },
    readOnly: ['seatsLeft', 'nearlyFull'],
  },
  'api::group-click-stat.group-click-stat': {
    labels: {
      groupName: 'Groupe',
      articleTitle: 'Article',
      clicks: 'Clics',
      groupDocumentId: 'Identifiant du groupe',
      articleDocumentId: 'Identifiant de l’article',
    },
    readOnly: ['groupName', 'articleTitle', 'clicks', 'groupDocumentId', 'articleDocumentId'],
  },
  'api::reader-count.reader-count': {
    labels: {
      day: 'Jour (UTC)',
      kind: 'Sorte',
      articleDocumentId: 'Identifiant de l’article',
      groupDocumentId: 'Identifiant du groupe',
      variant: 'Variante',
      network: 'Réseau',
      poolDocumentId: 'Identifiant de la file de groupes',
      count: 'Nombre',
    },
    readOnly: [
      'day',
      'kind',
      'articleDocumentId',
      'groupDocumentId',
      'variant',
      'network',
      'poolDocumentId',
      'count',
    ],
  },
  'api::redirect.redirect': {
    labels: { from: 'Ancienne adresse', to: 'Nouvelle adresse' },
  },
  'api::import-record.import-record': {
    labels: {
      source: 'Site importé',
      kind: 'Sorte',
      sourceId: 'Identifiant WordPress',
      target: 'Entrée Kiosque',
    },
    readOnly: ['source', 'kind', 'sourceId', 'target'],
  },
  'seo.seo': {
    labels: {
      metaTitle: 'Titre pour les moteurs',
      metaDescription: 'Description pour les moteurs',
      shareImage: 'Image de partage',
      canonicalUrl: 'Adresse canonique',
    },
  },
};

/** Bumped when the table above changes, so that the next start applies it once more. */
const DONE_KEY = 'admin-field-labels-v6';

interface Metadata {
  edit: Record<string, unknown>;
  list: Record<string, unknown>;
}
interface Configuration {
  settings: Record<string, unknown>;
  metadatas: Record<string, Metadata>;
  layouts: Record<string, unknown>;
}
interface ConfigurationService {
  findConfiguration(model: unknown): Promise<Configuration>;
  updateConfiguration(model: unknown, configuration: Configuration): Promise<unknown>;
}

/** The configuration with the table's labels, read-only and hidden fields written into it. */
export function labelled(configuration: Configuration, fields: FieldLabels): Configuration {
  const metadatas = { ...configuration.metadatas };
  for (const [field, label] of Object.entries(fields.labels)) {
    const current = metadatas[field];
    if (current === undefined) continue;
    metadatas[field] = {
      edit: {
        ...current.edit,
        label,
        ...(fields.readOnly?.includes(field) ? { editable: false } : {}),
        ...(fields.hidden?.includes(field) ? { visible: false } : {}),
        ...(fields.mainFields?.[field] !== undefined ? { mainField: fields.mainFields[field] } : {}),
      },
      list: { ...current.list, label },
    };
  }
  return { ...configuration, metadatas };
}

/**
 * Writes the table into the Content Manager's configuration of each type and component, once per
 * version of the table (an editor's later changes to a label stay).
 */
export async function labelAdminFields(strapi: Core.Strapi): Promise<void> {
  const store = strapi.store({ type: 'core', name: 'kiosque' });
  if (await store.get({ key: DONE_KEY })) return;
  const contentManager = strapi.plugin('content-manager');
  const contentTypes = contentManager.service('content-types') as ConfigurationService & {
    findContentType(uid: string): unknown;
  };
  const components = contentManager.service('components') as ConfigurationService & {
    findComponent(uid: string): unknown;
  };
  for (const [uid, fields] of Object.entries(ADMIN_FIELD_LABELS)) {
    const isComponent = !uid.startsWith('api::');
    const service = isComponent ? components : contentTypes;
    const model = isComponent ? components.findComponent(uid) : contentTypes.findContentType(uid);
    if (model === undefined || model === null) continue;
    await service.updateConfiguration(model, labelled(await service.findConfiguration(model), fields));
  }
  await store.set({ key: DONE_KEY, value: true });
}
