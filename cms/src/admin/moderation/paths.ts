import { COMMENT_UID } from './useModeration';

/** The comment list filtered on pending comments, the oldest first (they have waited longest). */
export const PENDING_COMMENTS_PATH =
  `/content-manager/collection-types/${COMMENT_UID}` +
  '?page=1&pageSize=100&sort=createdAt:ASC&filters[$and][0][moderationStatus][$eq]=pending';
