import type { Core } from '@strapi/strapi';
import { secret } from '../src/utils/secrets';

const config = (): Core.Config.Plugin => ({
  'users-permissions': {
    config: {
      jwtSecret: secret('JWT_SECRET'),
    },
  },
  upload: {
    config: {
      // The site shows covers, avatars and share images, nothing else: an editor's HTML, SVG or
      // script file would be served from the readers' origin. The upload plugin checks the declared
      // type, the extension and the detected content against these lists.
      security: {
        allowedTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif'],
        deniedTypes: [
          'image/svg+xml',
          'text/html',
          'application/xhtml+xml',
          'text/javascript',
          'application/javascript',
        ],
      },
    },
  },
});

export default config;
