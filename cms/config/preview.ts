import { secret } from '../src/utils/secrets';

/**
 * Draft previews (see config/admin.ts and src/api/preview): the key that signs preview links. Read
 * at boot, so that a production CMS without PREVIEW_SECRET refuses to start like for Strapi's own.
 */
const config = () => ({
  secret: secret('PREVIEW_SECRET'),
});

export default config;
