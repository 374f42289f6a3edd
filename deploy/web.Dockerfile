# The Kiosque reader site: two images from one build.
#   target `site`: web/server (Node), which answers every page rendered by Vue on the server (head
#                  included, for link previews and search engines), robots.txt, and the RSS feed and
#                  sitemap from the CMS;
#   last stage:    nginx in front, serving /assets from disk and proxying /api and /uploads to the CMS
#                  and everything else to `site`.
FROM node:24.22.3-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY cms/package.json cms/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund --ignore-scripts --workspace shared --workspace web --include-workspace-root
COPY tsconfig.base.json ./
COPY shared shared
COPY web web
# Same origin in production: the SPA calls /api on the host that served it. `npm run build -w web`
# builds the SPA into web/dist, its server render into web/build/ssr and web/server into
# web/build/server.
RUN npm run build -w shared && VITE_API_URL= npm run build -w web

FROM node:24.22.3-trixie-slim AS site
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 PROXY_API=false
WORKDIR /app/web
# At run time, node's own modules, the shared contract's built code (its link rules), which has no
# dependencies of its own, and prom-client. package.json marks the files as ES modules. The files belong to root (what
# COPY gives); the server runs as node, which cannot change them and writes nothing.
COPY --from=build /app/web/package.json ./
COPY --from=build /app/shared/package.json node_modules/@kiosque/shared/package.json
COPY --from=build /app/shared/dist node_modules/@kiosque/shared/dist
# prom-client (the metrics, on their own port) and its whole dependency tree: tdigest, bintrees and
# @opentelemetry/api. Keep in step with `npm ls prom-client --all`.
COPY --from=build /app/node_modules/prom-client node_modules/prom-client
COPY --from=build /app/node_modules/tdigest node_modules/tdigest
COPY --from=build /app/node_modules/bintrees node_modules/bintrees
COPY --from=build /app/node_modules/@opentelemetry/api node_modules/@opentelemetry/api
COPY --from=build /app/web/dist dist
COPY --from=build /app/web/build/server build/server
# The SSR build (the pages' one renderer): one file with Vue, the router and everything it imports.
COPY --from=build /app/web/build/ssr build/ssr
USER node
EXPOSE 3000
CMD ["node", "build/server/main.js"]

# nginx runs as the image's unprivileged user (uid 101); the template, the snippets and the files it
# serves belong to root, so that user cannot change them. At start the image renders
# /etc/nginx/templates/default.conf.template into conf.d/default.conf with the addresses below (only
# these variables: NGINX_ENVSUBST_FILTER); Compose sets ADMIN_HOST from .env.
FROM nginxinc/nginx-unprivileged:1.27-alpine AS web
ENV NGINX_ENVSUBST_FILTER="^(KIOSQUE_[A-Z_]+|ADMIN_HOST)$" \
  KIOSQUE_LISTEN=8080 \
  KIOSQUE_INTERNAL_LISTEN=8081 \
  KIOSQUE_CMS_A=cms:1337 \
  KIOSQUE_CMS_B=cms-2:1337 \
  KIOSQUE_SITE=site:3000 \
  KIOSQUE_ROOT=/usr/share/nginx/html \
  KIOSQUE_ACCESS_LOG=/var/log/nginx/access.log
COPY deploy/nginx.conf.template /etc/nginx/templates/default.conf.template
COPY deploy/security-headers.conf deploy/uploads-headers.conf deploy/admin-headers.conf deploy/proxy.conf deploy/hide-cms-headers.conf /etc/nginx/snippets/
COPY --from=build /app/web/dist /usr/share/nginx/html
USER 101
EXPOSE 8080 8081
