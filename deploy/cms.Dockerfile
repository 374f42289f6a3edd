# The Kiosque CMS (Strapi 5), built from the repository root: docker build -f deploy/cms.Dockerfile .
FROM node:24.22.3-trixie-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY cms/package.json cms/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund --workspace shared --workspace cms --include-workspace-root
COPY tsconfig.base.json ./
COPY shared shared
COPY cms cms
# `strapi build` loads the configuration, which in production requires every secret: placeholders
# for the build only (nothing it builds holds them; the running CMS gets the real ones from .env).
RUN npm run build -w shared \
  && env NODE_ENV=production APP_KEYS=build-only ADMIN_JWT_SECRET=build-only API_TOKEN_SALT=build-only \
    TRANSFER_TOKEN_SALT=build-only JWT_SECRET=build-only ENCRYPTION_KEY=build-only PREVIEW_SECRET=build-only MAIL_SECRET=build-only COUNT_SECRET=build-only \
    npm run build -w cms \
  && npm prune --omit=dev --workspace shared --workspace cms

FROM node:24.22.3-trixie-slim
ENV NODE_ENV=production STRAPI_TELEMETRY_DISABLED=true
WORKDIR /app
# The application belongs to root: the user it runs as cannot change its code, its configuration or
# its admin build. That user owns only what Strapi writes: the uploads (a volume in production) and
# .tmp (the SQLite database, when DATABASE_CLIENT=sqlite).
COPY --from=build /app /app
RUN mkdir -p /app/cms/public/uploads /app/cms/.tmp \
  && chown node:node /app/cms/public/uploads /app/cms/.tmp \
  && chmod 0755 /app/cms/public/uploads /app/cms/.tmp
USER node
WORKDIR /app/cms
EXPOSE 1337
CMD ["node", "/app/node_modules/@strapi/strapi/bin/strapi.js", "start"]
