# syntax=docker/dockerfile:1
# The tokenwire web app, built with Vite and served by the official nginx image through
# infra/nginx/templates/default.conf.template (rendered with envsubst at start), as a non-root user.
# Build from the repository root: docker build -f infra/docker/web.Dockerfile .

ARG NODE_VERSION=24
ARG NGINX_VERSION=1.29

FROM node:${NODE_VERSION}-bookworm-slim AS build
ENV PNPM_HOME=/pnpm
ENV PATH=$PNPM_HOME:$PATH
RUN corepack enable
WORKDIR /repo
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm fetch
COPY . .
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --offline --frozen-lockfile --filter "@tokenwire/web..."
# Vite resolves the workspace packages to their TypeScript source: no package build first.
RUN pnpm --filter @tokenwire/web run build

FROM nginx:${NGINX_VERSION}-alpine AS runtime
# A main config whose pid and temp paths a non-root user can write; it includes conf.d inside http {}.
COPY infra/nginx/nginx.conf /etc/nginx/nginx.conf
COPY infra/nginx/templates/ /etc/nginx/templates/
COPY --from=build /repo/apps/web/dist/ /usr/share/nginx/html/
# The image's entrypoint renders the templates into conf.d at start, so the nginx user must own it;
# the stock default.conf would otherwise also listen.
RUN rm -f /etc/nginx/conf.d/default.conf \
 && chown -R nginx:nginx /etc/nginx/conf.d /var/cache/nginx
ENV NGINX_PORT=8080
ENV WEB_ROOT=/usr/share/nginx/html
# The image's `nginx` user (101), by number so Kubernetes' runAsNonRoot can verify it.
USER 101:101
EXPOSE 8080
