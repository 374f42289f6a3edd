import type { Core } from '@strapi/strapi';
import { secret } from '../src/utils/secrets';

/**
 * Strapi's e-mail plugin sends through nodemailer: to SMTP_HOST when it is set, otherwise into a
 * buffer that the outbox writes to cms/.tmp/mail/ (api/mail/model/mail-sender.ts), so that `npm start`
 * on a laptop shows every mail without a mail server. Timeouts are short: a server that does not
 * answer delays the outbox (which retries), never a comment.
 */
function emailProvider(env: Core.Config.Shared.ConfigParams['env']) {
  const host = env('SMTP_HOST', '').trim();
  if (host === '') return { streamTransport: true, buffer: true, newline: 'unix' };
  const port = env.int('SMTP_PORT', 587);
  const user = env('SMTP_USER', '');
  return {
    host,
    port,
    // 465 is TLS from the first byte; other ports upgrade with STARTTLS when the server offers it.
    secure: env.bool('SMTP_SECURE', port === 465),
    ...(user === '' ? {} : { auth: { user, pass: env('SMTP_PASS', '') } }),
    // A burst (an outage's backlog) goes over a few kept connections, not one per mail.
    pool: true,
    maxConnections: 3,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  };
}

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  email: {
    config: {
      provider: 'nodemailer',
      providerOptions: emailProvider(env),
      settings: {
        defaultFrom: env('MAIL_FROM', 'Kiosque <ne-pas-repondre@kiosque.localhost>'),
        defaultReplyTo: env('MAIL_FROM', 'Kiosque <ne-pas-repondre@kiosque.localhost>'),
      },
    },
  },
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
