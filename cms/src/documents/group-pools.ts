import type { Core } from '@strapi/strapi';
import {
  isPoolSlug,
  POOL_FALLBACK_PLATFORMS,
  POOL_GROUP_PLATFORMS,
  type CommunityPlatform,
} from '@kiosque/shared';
import { groupPools } from '../services';
import { fieldError } from './community-groups';

const GROUP_UID = 'api::community-group.community-group';
const POOL_UID = 'api::group-pool.group-pool';

type Data = Record<string, unknown>;

/**
 * The groups a relation input names, in any of the shapes Strapi 5 takes: a documentId, an id, an
 * object with either, a list of those, or `{ connect, set }` (what the admin sends). What it
 * disconnects needs no check.
 */
function referencedGroups(input: unknown): { documentIds: string[]; ids: number[] } {
  const documentIds: string[] = [];
  const ids: number[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') documentIds.push(value);
    else if (typeof value === 'number') ids.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const item = value as Record<string, unknown>;
      if ('connect' in item || 'set' in item) {
        visit(item.connect);
        visit(item.set);
      } else if (typeof item.documentId === 'string') documentIds.push(item.documentId);
      else if (typeof item.id === 'number' || typeof item.id === 'string') visit(item.id);
    }
  };
  visit(input);
  return { documentIds, ids };
}

/** Refuses a relation to a group of the wrong platform, naming the group. */
async function checkPlatforms(
  strapi: Core.Strapi,
  input: unknown,
  platforms: readonly CommunityPlatform[],
  field: string,
  message: (name: string) => string,
): Promise<void> {
  const { documentIds, ids } = referencedGroups(input);
  if (documentIds.length === 0 && ids.length === 0) return;
  const found = (await strapi.db.query(GROUP_UID).findMany({
    where: { $or: [{ documentId: { $in: documentIds } }, { id: { $in: ids } }] },
    select: ['name', 'platform'],
  })) as { name: string; platform: CommunityPlatform }[];
  const wrong = found.find((group) => !platforms.includes(group.platform));
  if (wrong) throw fieldError(field, message(wrong.name));
}

/** A pool's rules, from the admin, the API or code alike; its status fields are the CMS's alone. */
async function checkPoolData(strapi: Core.Strapi, data: Data): Promise<void> {
  delete data.seatsLeft;
  delete data.nearlyFull;
  if ('slug' in data && !isPoolSlug(data.slug)) {
    throw fieldError(
      'slug',
      'L’adresse de la file s’écrit en minuscules, chiffres et tirets (par exemple « emploi-dakar »), 80 caractères au plus.',
    );
  }
  if ('groups' in data) {
    await checkPlatforms(
      strapi,
      data.groups,
      POOL_GROUP_PLATFORMS,
      'groups',
      (name) =>
        `« ${name} » n’est pas un groupe WhatsApp : une file ne fait tourner que des groupes WhatsApp.`,
    );
  }
  if ('fallback' in data) {
    await checkPlatforms(
      strapi,
      data.fallback,
      POOL_FALLBACK_PLATFORMS,
      'fallback',
      (name) =>
        `« ${name} » ne peut pas servir de repli : choisissez une chaîne WhatsApp ou un groupe Telegram.`,
    );
  }
}

/**
 * A group's capacity fields: the editor enters the member count; the CMS notes when (`membersAt`)
 * and counts the readers a pool sent since (`poolJoins`), starting again from 0 with each new count.
 * The admin sends every field back on save, so a stale `poolJoins` from the form is never written.
 */
async function checkGroupCapacity(strapi: Core.Strapi, data: Data, documentId?: string): Promise<void> {
  delete data.poolJoins;
  delete data.membersAt;
  if (!('members' in data)) return;
  if (documentId !== undefined) {
    const stored = await strapi.documents(GROUP_UID).findOne({ documentId, fields: ['members'] });
    if (stored && Number(stored.members ?? 0) === Number(data.members ?? 0)) return;
  }
  data.membersAt = new Date();
  data.poolJoins = 0;
}

export function registerGroupPoolRules(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.action !== 'create' && context.action !== 'update') return next();
    if (context.uid !== POOL_UID && context.uid !== GROUP_UID) return next();
    const params = context.params as { data?: Data; documentId?: string };
    if (params.data && context.uid === POOL_UID) await checkPoolData(strapi, params.data);
    if (params.data && context.uid === GROUP_UID) {
      await checkGroupCapacity(
        strapi,
        params.data,
        context.action === 'update' ? params.documentId : undefined,
      );
    }
    const result = await next();
    // Seats left follow the editors' changes (cap, threshold, groups, member counts, full flags).
    const id = (result as { id?: unknown } | null)?.id;
    if (typeof id === 'number') {
      if (context.uid === POOL_UID) await groupPools(strapi).refreshStatus(id);
      else if (context.action === 'update') await groupPools(strapi).refreshPoolsOfGroup(id);
    }
    return result;
  });
}
