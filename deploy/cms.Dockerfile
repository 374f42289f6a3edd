# The Kiosque CMS (Strapi 5), built from the repository root: docker build -f deploy/cms.Dockerfile .
FROM node:20-bookworm-slim AS build
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
RUN npm run build -w shared && NODE_ENV=production npm run build -w cms && npm prune --omit=dev --workspace shared --workspace cms

FROM node:20-bookworm-slim
ENV NODE_ENV=production STRAPI_TELEMETRY_DISABLED=true
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /app/cms/public/uploads && chown -R node:node /app/cms/public/uploads
USER node
WORKDIR /app/cms
EXPOSE 1337
CMD ["node", "/app/node_modules/@strapi/strapi/bin/strapi.js", "start"]
