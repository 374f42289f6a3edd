// Strapi's console logger at the level operators choose: error, warn, info, http (default) or debug;
// src/middlewares/request-log.ts reads it too (strapi.config.get('logger.level')).
const config = {
  level: process.env.LOG_LEVEL ?? 'http',
};

export default config;
