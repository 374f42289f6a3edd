import type { Core } from '@strapi/strapi';
import { secret } from '../src/utils/secrets';

const config = (): Core.Config.Plugin => ({
  'users-permissions': {
    config: {
      jwtSecret: secret('JWT_SECRET'),
    },
  },
});

export default config;
