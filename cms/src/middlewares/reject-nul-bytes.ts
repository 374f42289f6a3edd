import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

type Context = Parameters<Core.MiddlewareHandler>[0];
type Next = Parameters<Core.MiddlewareHandler>[1];

// A NUL byte, raw or percent-encoded, anywhere in the address.
// eslint-disable-next-line no-control-regex -- the NUL byte is what is looked for
const NUL_BYTE = /%00|\u0000/i;

/**
 * No name, slug, id or filter of this site holds a NUL byte, and PostgreSQL answers an error for any
 * query that carries one: such an address is refused with a 400 before it reaches a controller.
 */
export default () =>
  async function rejectNulBytes(ctx: Context, next: Next): Promise<void> {
    if (NUL_BYTE.test(ctx.url)) {
      throw new errors.ValidationError('L’adresse demandée contient un caractère interdit.');
    }
    await next();
  };
