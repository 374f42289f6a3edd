import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseCacheOf } from '../src/cache/response-cache';
import { announceChangeFromAnotherInstance, postComment as postCommentOn } from './helpers/comments';
import { createArticle, setCommentSettings } from './helpers/content';
import { adminToken, startCms, type RunningCms } from './helpers/strapi';

// Anonymous requests reuse the public role's permissions instead of reading them on every request
// (src/auth/public-access.ts): an editor's change to the role must still apply at once.

let cms: RunningCms;
let articleId: string;
let editorToken: string;

const PERMISSION_UID = 'plugin::users-permissions.permission';

type PermissionTree = Record<
  string,
  { controllers: Record<string, Record<string, { enabled: boolean; policy: string }>> }
>;

function postComment(headers: Record<string, string> = {}) {
  return postCommentOn(cms, articleId, headers);
}

async function publicRole(): Promise<{
  id: number;
  name: string;
  description: string;
  permissions: PermissionTree;
}> {
  const roles = await cms
    .http()
    .get('/users-permissions/roles')
    .set('Authorization', `Bearer ${editorToken}`);
  const role = (roles.body.roles as { id: number; type: string }[]).find((r) => r.type === 'public')!;
  const response = await cms
    .http()
    .get(`/users-permissions/roles/${role.id}`)
    .set('Authorization', `Bearer ${editorToken}`)
    .expect(200);
  return response.body.role;
}

/** What an editor does in Settings → Users & Permissions → Roles → Public. */
async function setPublicCommentCreation(enabled: boolean): Promise<void> {
  const role = await publicRole();
  role.permissions['api::comment'].controllers.comment.create.enabled = enabled;
  await cms
    .http()
    .put(`/users-permissions/roles/${role.id}`)
    .set('Authorization', `Bearer ${editorToken}`)
    .send({ name: role.name, description: role.description, permissions: role.permissions })
    .expect(200);
}

beforeAll(async () => {
  cms = await startCms();
  await setCommentSettings(cms.strapi, { rateLimitPerMinute: 10_000 });
  articleId = (await createArticle(cms.strapi)).documentId;
  editorToken = await adminToken(cms);
});

afterAll(async () => {
  await cms?.stop();
});

describe('the public role’s permissions', () => {
  it('apply at once when an editor revokes and then grants an action again', async () => {
    await postComment().expect(201);
    await postComment().expect(201);

    await setPublicCommentCreation(false);
    const refused = await postComment().expect(403);
    expect(refused.body.error.name).toBe('ForbiddenError');
    // Reading stays allowed: only the revoked action changed.
    await cms.http().get(`/api/articles/${articleId}/comments`).expect(200);

    await setPublicCommentCreation(true);
    await postComment().expect(201);
  });

  it('change on this instance when another instance announces a change', async () => {
    await postComment().expect(201);
    // Another instance revokes the action: rows change without this instance's lifecycles.
    const role = await cms.strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'public' } });
    const permission = await cms.strapi.db
      .query(PERMISSION_UID)
      .findOne({ where: { action: 'api::comment.comment.create', role: role.id } });
    const link = cms.strapi.db.metadata.get(PERMISSION_UID).attributes.role as unknown as {
      joinTable: { name: string; joinColumn: { name: string } };
    };
    const linkRows = await cms.strapi.db
      .connection(link.joinTable.name)
      .where(link.joinTable.joinColumn.name, permission.id)
      .select('*');
    await cms.strapi.db
      .connection(link.joinTable.name)
      .where(link.joinTable.joinColumn.name, permission.id)
      .del();
    try {
      await announceChangeFromAnotherInstance(cms.strapi);
      await postComment().expect(403);
    } finally {
      await cms.strapi.db.connection(link.joinTable.name).insert(linkRows);
      await responseCacheOf(cms.strapi).invalidate();
    }
    await postComment().expect(201);
  });

  it('are never given to a request that carries credentials, even a bad token', async () => {
    await postComment().expect(201);
    const response = await postComment({ Authorization: 'Bearer not-a-valid-token' });
    expect(response.status).toBe(401);
    await postComment().expect(201);
  });
});
