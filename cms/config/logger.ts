// Strapi's console logger at the level operators choose: error, warn, info, http (default) or debug.
const config = {
  level: process.env.LOG_LEVEL ?? 'http',
};

export default config;
