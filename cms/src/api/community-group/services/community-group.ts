import { factories, type Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  resolveAvailableGroup,
  selectGroupsForCategory,
  validateInviteUrl,
  type CommunityGroup,
  type CommunityPlatform,
  type GroupForSelection,
} from '@kiosque/shared';

const GROUP_UID = 'api::community-group.community-group';

/** More groups than any site runs; a safety cap on what one request loads. */
const MAX_GROUPS = 500;

export type GroupRecord = GroupForSelection & CommunityGroup & { hasVariantB: boolean };

export interface ArticleRef {
  documentId: string;
  title: string;
  category: string;
}

interface StoredGroup {
  documentId: string;
  name: string;
  platform: string;
  inviteUrl: string;
  headline: string;
  buttonLabel: string;
  headlineB?: string | null;
  buttonLabelB?: string | null;
  description?: string | null;
  displayOrder?: number | null;
  active?: boolean | null;
  full?: boolean | null;
  targetCategories?: { name: string }[] | null;
  replacement?: { documentId: string } | null;
}

/**
 * Variant B counts only with both its texts. Saves refuse half a variant (documents/community-groups.ts);
 * a row written before that rule, or by hand, is read as having no variant B.
 */
function variantB(group: StoredGroup): CommunityGroup['variantB'] {
  const headline = group.headlineB?.trim() ?? '';
  const buttonLabel = group.buttonLabelB?.trim() ?? '';
  return headline !== '' && buttonLabel !== '' ? { headline, buttonLabel } : undefined;
}

function toRecord(group: StoredGroup): GroupRecord {
  const b = variantB(group);
  return {
    documentId: group.documentId,
    name: group.name,
    platform: group.platform as CommunityPlatform,
    inviteUrl: group.inviteUrl,
    headline: group.headline,
    buttonLabel: group.buttonLabel,
    ...(b ? { variantB: b } : {}),
    hasVariantB: b !== undefined,
    description: group.description ?? '',
    displayOrder: group.displayOrder ?? 0,
    active: group.active === true,
    full: group.full === true,
    targetCategories: (group.targetCategories ?? []).map((category) => category.name),
    replacementDocumentId: group.replacement?.documentId ?? null,
  };
}

/** What readers see of a group: never its targeting, fullness or replacement. */
export function toPublicGroup(group: GroupRecord): CommunityGroup {
  return {
    documentId: group.documentId,
    name: group.name,
    platform: group.platform,
    inviteUrl: group.inviteUrl,
    headline: group.headline,
    buttonLabel: group.buttonLabel,
    ...(group.variantB ? { variantB: group.variantB } : {}),
    description: group.description,
    displayOrder: group.displayOrder,
  };
}

function communityGroupMethods({ strapi }: { strapi: Core.Strapi }) {
  return {
    /**
     * Active groups whose invite link is valid for their platform. A link stored before the rules
     * existed, or written to the database by hand, is never shown nor redirected to.
     */
    async activeGroups(): Promise<GroupRecord[]> {
      const groups = (await strapi.documents(GROUP_UID).findMany({
        filters: { active: { $eq: true } },
        populate: { replacement: { fields: ['documentId'] }, targetCategories: { fields: ['name'] } },
        limit: MAX_GROUPS,
      })) as unknown as StoredGroup[];
      return groups.map(toRecord).filter((group) => validateInviteUrl(group.platform, group.inviteUrl).ok);
    },

    /** The published article with this slug or documentId, as group targeting needs it. */
    async findArticle(slugOrDocumentId: string): Promise<ArticleRef | null> {
      const article = await strapi.documents('api::article.article').findFirst({
        filters: { $or: [{ slug: { $eq: slugOrDocumentId } }, { documentId: { $eq: slugOrDocumentId } }] },
        fields: ['title'],
        populate: { category: { fields: ['name'] } },
        status: 'published',
      });
      return article
        ? {
            documentId: article.documentId,
            title: article.title ?? '',
            category: article.category?.name ?? '',
          }
        : null;
    },

    /**
     * The groups a page shows, in order: for an article, those that target its category, else the
     * general ones; without an article, the general ones. Full groups give way to their replacement.
     */
    async forReaders(articleRef?: string): Promise<{ groups: CommunityGroup[]; article: ArticleRef | null }> {
      let article: ArticleRef | null = null;
      if (articleRef !== undefined) {
        article = await this.findArticle(articleRef);
        if (!article) throw new errors.NotFoundError('Cet article est introuvable.');
      }
      return { groups: await this.forCategory(article?.category ?? null), article };
    },

    /** The groups shown beside an article of this category (null: the general ones), as readers see them. */
    async forCategory(category: string | null): Promise<CommunityGroup[]> {
      return selectGroupsForCategory(await this.activeGroups(), category).map(toPublicGroup);
    },

    /** Where a click on a group's invitation leads: the group itself, or the one taking over from it. */
    async clickTarget(groupDocumentId: string): Promise<GroupRecord | null> {
      const groups = await this.activeGroups();
      const group = groups.find((candidate) => candidate.documentId === groupDocumentId);
      return group ? resolveAvailableGroup(group, groups) : null;
    },
  };
}

export type CommunityGroupService = ReturnType<typeof communityGroupMethods>;

export default factories.createCoreService(GROUP_UID, communityGroupMethods);
