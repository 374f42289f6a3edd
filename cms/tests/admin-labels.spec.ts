import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_FIELD_LABELS } from '../src/bootstrap/admin-labels';
import { adminToken, startCms, type RunningCms } from './helpers/strapi';

let cms: RunningCms;
let token: string;

beforeAll(async () => {
  cms = await startCms();
  token = await adminToken(cms);
});

afterAll(async () => {
  await cms?.stop();
});

async function configurationOf(uid: string) {
  const kind = uid.startsWith('api::') ? 'content-types' : 'components';
  const response = await cms
    .http()
    .get(`/content-manager/${kind}/${uid}/configuration`)
    .set('Authorization', `Bearer ${token}`)
    .expect(200);
  const body = response.body.data;
  return (kind === 'content-types' ? body.contentType : body.component) as {
    metadatas: Record<string, { edit: Record<string, unknown>; list: Record<string, unknown> }>;
  };
}

describe('the admin in French', () => {
  it('has a French label for every field of every Kiosque type and component, and no label for a field that is gone', () => {
    const models = { ...cms.strapi.contentTypes, ...cms.strapi.components } as Record<
      string,
      { attributes: Record<string, unknown> }
    >;
    const ours = Object.keys(models).filter((uid) => uid.startsWith('api::') || uid === 'seo.seo');
    expect(Object.keys(ADMIN_FIELD_LABELS).sort()).toEqual(ours.sort());
    for (const uid of ours) {
      // Strapi's own fields (documentId, dates, locale…) keep the admin's translations.
      const fields = Object.keys(models[uid].attributes).filter(
        (name) =>
          !['documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy'].includes(name) &&
          !['locale', 'localizations'].includes(name),
      );
      expect(Object.keys(ADMIN_FIELD_LABELS[uid].labels).sort(), uid).toEqual(fields.sort());
    }
  });

  it('names each type in French in the admin menu', () => {
    expect(cms.strapi.contentTypes['api::comment.comment'].info.displayName).toBe('Commentaire');
    expect(cms.strapi.contentTypes['api::community-group.community-group'].info.displayName).toBe(
      'Groupe communautaire',
    );
  });

  it('shows the French labels in the edit page and the list', async () => {
    const { metadatas } = await configurationOf('api::comment.comment');
    expect(metadatas.moderationStatus.edit.label).toBe('Statut');
    expect(metadatas.moderationStatus.list.label).toBe('Statut');
    expect(metadatas.authorEmail.edit.label).toBe('E-mail (jamais publié)');
    const seo = await configurationOf('seo.seo');
    expect(seo.metadatas.metaTitle.edit.label).toBe('Titre pour les moteurs');
  });

  it('keeps the CMS’s own comment fields read-only and its hashes and keys off the edit page', async () => {
    const { metadatas } = await configurationOf('api::comment.comment');
    for (const field of ['depth', 'threadRootId', 'parentDocumentId', 'userAgent']) {
      expect(metadatas[field].edit, field).toMatchObject({ editable: false });
    }
    for (const field of ['ipHash', 'idempotencyKey', 'authorKeyHash']) {
      expect(metadatas[field].edit, field).toMatchObject({ visible: false });
    }
    expect(metadatas.content.edit.editable).not.toBe(false);
  });
});
