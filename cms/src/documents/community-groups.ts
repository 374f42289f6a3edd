import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { validateInviteUrl } from '@kiosque/shared';

const GROUP_UID = 'api::community-group.community-group';
const STAT_UID = 'api::group-click-stat.group-click-stat';
const DEFAULT_PLATFORM = 'whatsapp_group';

type Data = Record<string, unknown>;

/** A validation error the admin shows beside `field`. */
export function fieldError(field: string, message: string): errors.ValidationError {
  return new errors.ValidationError(message, {
    errors: [{ path: [field], message, name: 'ValidationError' }],
  });
}

/**
 * The rules every write of a community group obeys, from the admin, the API or code alike: the
 * invite link must lead to the group's platform.
 */
async function checkGroupData(strapi: Core.Strapi, data: Data, documentId?: string): Promise<void> {
  if (!('platform' in data) && !('inviteUrl' in data)) return;

  // A group created without a platform gets the schema's default one.
  let { platform = documentId === undefined ? DEFAULT_PLATFORM : undefined, inviteUrl } = data;
  if (documentId !== undefined && (!('platform' in data) || !('inviteUrl' in data))) {
    const stored = await strapi
      .documents(GROUP_UID)
      .findOne({ documentId, fields: ['platform', 'inviteUrl'] });
    platform = 'platform' in data ? platform : stored?.platform;
    inviteUrl = 'inviteUrl' in data ? inviteUrl : stored?.inviteUrl;
  }
  const result = validateInviteUrl(platform, inviteUrl);
  if (!result.ok) throw fieldError('inviteUrl', result.message);
  if ('inviteUrl' in data) data.inviteUrl = result.value;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/**
 * A copy test needs both texts of variant B: a headline B without a button B (or the reverse) would
 * test nothing, and used to be dropped without a word. The error names the missing field, so the
 * content manager shows it under that field.
 */
async function checkVariantB(strapi: Core.Strapi, data: Data, documentId?: string): Promise<void> {
  if (!('headlineB' in data) && !('buttonLabelB' in data)) return;
  let { headlineB, buttonLabelB } = data;
  if (documentId !== undefined && (!('headlineB' in data) || !('buttonLabelB' in data))) {
    const stored = await strapi
      .documents(GROUP_UID)
      .findOne({ documentId, fields: ['headlineB', 'buttonLabelB'] });
    headlineB = 'headlineB' in data ? headlineB : stored?.headlineB;
    buttonLabelB = 'buttonLabelB' in data ? buttonLabelB : stored?.buttonLabelB;
  }
  const hasHeadline = text(headlineB) !== '';
  const hasButton = text(buttonLabelB) !== '';
  if (hasHeadline && !hasButton) {
    throw fieldError(
      'buttonLabelB',
      'La variante B a un titre mais pas de texte de bouton : remplissez les deux, ou videz le titre B.',
    );
  }
  if (hasButton && !hasHeadline) {
    throw fieldError(
      'headlineB',
      'La variante B a un texte de bouton mais pas de titre : remplissez les deux, ou videz le bouton B.',
    );
  }
}

export function registerDocumentMiddlewares(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.uid === GROUP_UID && (context.action === 'create' || context.action === 'update')) {
      const params = context.params as { data?: Data; documentId?: string };
      if (params.data) {
        const documentId = context.action === 'update' ? params.documentId : undefined;
        await checkGroupData(strapi, params.data, documentId);
        await checkVariantB(strapi, params.data, documentId);
      }
    }
    if (context.uid === STAT_UID && (context.action === 'create' || context.action === 'update')) {
      throw new errors.ValidationError(
        'Les statistiques de clics sont calculées par le site : elles ne se saisissent pas à la main.',
      );
    }
    return next();
  });
}
