import type { Core } from '@strapi/strapi';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Middlewares => [
  // Around everything, so that answers from the response cache are logged and timed too: each
  // request's id, one JSON log line, its metrics (src/middlewares). It changes no request header but
  // X-Request-Id and sets its own once the answer is made, so nothing it does can reach a cached answer.
  'global::request-log',
  // Then, before anything that shapes an answer: an anonymous read keeps only the headers that cannot change its answer (src/middlewares).
  'global::anonymous-reads',
  // Then: answers the public API's cached reads before the rest of the chain runs (src/middlewares).
  'global::response-cache',
  'strapi::errors',
  // Before anything reads the address: PostgreSQL errors on a NUL byte (src/middlewares).
  'global::reject-nul-bytes',
  // Then the reader's beacon, answered before the rest of the chain, none of which applies to it
  // (src/middlewares/beacon.ts).
  'global::beacon',
  'strapi::security',
  {
    name: 'strapi::cors',
    config: {
      // The reader SPA runs on another origin; only the configured ones may call the API from a browser.
      origin: env.array('CORS_ORIGINS', [
        'http://localhost:5173',
        'http://127.0.0.1:5173',
        'http://localhost:4173',
      ]),
      // The comment form sends Idempotency-Key so that its retries never post twice; the draft preview
      // sends its signed token as X-Preview-Token.
      headers: ['Content-Type', 'Authorization', 'Origin', 'Accept', 'Idempotency-Key', 'X-Preview-Token'],
    },
  },
  'strapi::poweredBy',
  'strapi::query',
  {
    name: 'strapi::body',
    config: {
      // Nothing a reader sends is anywhere near this; a larger body is refused with 413 before parsing.
      jsonLimit: '64kb',
      formLimit: '64kb',
      textLimit: '64kb',
    },
  },
  'strapi::session',
  'strapi::favicon',
  // Nothing served from /uploads may run as a page of the site (src/middlewares).
  'global::upload-headers',
  'strapi::public',
];

export default config;
