import type { Core } from '@strapi/strapi';
import { withCachedPublicAccess, type AuthStrategy } from '../../auth/public-access';

interface UsersPermissionsPlugin {
  register?: (args: { strapi: Core.Strapi }) => unknown;
}

type AuthService = { register(type: string, strategy: AuthStrategy): unknown };

/**
 * Strapi's extension point for a plugin: the users-permissions content-API strategy is registered
 * with its public access kept in memory (auth/public-access.ts).
 */
export default (plugin: UsersPermissionsPlugin): UsersPermissionsPlugin => {
  const register = plugin.register;
  plugin.register = async ({ strapi }) => {
    const auth = strapi.get('auth') as AuthService;
    const registerStrategy = auth.register;
    auth.register = function (type, strategy) {
      const registered = type === 'content-api' ? withCachedPublicAccess(strapi, strategy) : strategy;
      return registerStrategy.call(this, type, registered);
    };
    try {
      await register?.({ strapi });
    } finally {
      auth.register = registerStrategy;
    }
  };
  return plugin;
};
