# syntax=docker/dockerfile:1
# The tokenwire API: built in a full workspace, shipped as `pnpm deploy` output (the API, its
# workspace packages' dist and production dependencies only) on a small Node image, as a non-root user.
# Build from the repository root: docker build -f infra/docker/api.Dockerfile .

ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS build
ENV PNPM_HOME=/pnpm
ENV PATH=$PNPM_HOME:$PATH
# The pnpm version is the one root package.json's `packageManager` pins.
RUN corepack enable
WORKDIR /repo
# Dependencies first, from the lockfile alone, so source edits do not refetch them.
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm fetch
COPY . .
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --offline --frozen-lockfile --filter "@tokenwire/api..."
# pnpm runs a filtered script in dependency order: protocol and mock-openai build before the API.
RUN pnpm --filter "@tokenwire/api..." run build
# --legacy: pnpm 10's deploy otherwise requires inject-workspace-packages for the whole workspace.
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm --filter @tokenwire/api deploy --prod --legacy /deploy

FROM node:${NODE_VERSION}-alpine AS runtime
ENV NODE_ENV=production
ENV HOST=0.0.0.0
ENV PORT=8787
WORKDIR /app
# Root-owned and read-only to the process: the API never writes its own code.
COPY --from=build /deploy/package.json ./package.json
COPY --from=build /deploy/dist ./dist
COPY --from=build /deploy/node_modules ./node_modules
# The image's `node` user, by number so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 8787
# No shell in between: SIGTERM reaches node, which drains open streams (SHUTDOWN_GRACE_MS).
CMD ["node", "dist/main.js"]
