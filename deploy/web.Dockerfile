# The Kiosque reader SPA served by nginx, which also proxies /api and /uploads to the CMS.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY cms/package.json cms/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund --ignore-scripts --workspace shared --workspace web --include-workspace-root
COPY tsconfig.base.json ./
COPY shared shared
COPY web web
# Same origin in production: the SPA calls /api on the host that served it.
RUN npm run build -w shared && VITE_API_URL= npm run build -w web

FROM nginxinc/nginx-unprivileged:1.27-alpine
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/web/dist /usr/share/nginx/html
EXPOSE 8080
