import path from 'node:path';
import type { Core } from '@strapi/strapi';

const cmsRoot = path.resolve(__dirname, '..', '..');

type SqliteConnection = { pragma: (sql: string) => unknown };

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Database => {
  const client = env.oneOf('DATABASE_CLIENT', ['sqlite', 'postgres'], 'sqlite');

  if (client === 'postgres') {
    const url = env('DATABASE_URL', '');
    return {
      connection: {
        client: 'postgres',
        connection: {
          ...(url !== '' ? { connectionString: url } : {}),
          host: env('DATABASE_HOST', '127.0.0.1'),
          port: env.int('DATABASE_PORT', 5432),
          database: env('DATABASE_NAME', 'kiosque'),
          user: env('DATABASE_USERNAME', 'postgres'),
          password: env('DATABASE_PASSWORD', ''),
          ssl: env.bool('DATABASE_SSL', false) && {
            rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true),
          },
          schema: env('DATABASE_SCHEMA', 'public'),
        },
        pool: { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) },
        acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
      },
    };
  }

  return {
    connection: {
      client: 'sqlite',
      connection: {
        filename: path.resolve(cmsRoot, env('DATABASE_FILENAME', '.tmp/data.db')),
      },
      useNullAsDefault: true,
      pool: {
        // WAL lets readers go on while a comment is written; the busy timeout makes concurrent
        // writers wait for the lock instead of failing with SQLITE_BUSY.
        afterCreate: (connection: unknown, done: (error?: Error) => void) => {
          const sqlite = connection as SqliteConnection;
          sqlite.pragma('journal_mode = WAL');
          sqlite.pragma('busy_timeout = 5000');
          sqlite.pragma('synchronous = NORMAL');
          done();
        },
      },
    },
  };
};

export default config;
