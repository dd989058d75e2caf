# One image, started in a role: APP_ROLE=all (default) | api | worker.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# No lifecycle scripts here: `prepare` builds, and the sources are not copied yet.
RUN npm ci --no-audit --no-fund --ignore-scripts

FROM deps AS build
COPY . .
RUN npm run build && npm prune --omit=dev

# `docker compose run --rm test`: the test suite against the compose PostgreSQL and Redis.
FROM deps AS test
RUN apt-get update && apt-get install -y --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*
COPY . .
# Built the way `npm test` (scripts/test.sh) checks for, so the container starts the tests at once.
RUN bash -c '. scripts/env.sh && cv_build'
CMD ["npm", "test"]

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
# The funder report's PDF is the report page printed by Chromium (src/analytics/funder-pdf).
RUN apt-get update && apt-get install -y --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*
ENV CHROMIUM_PATH=/usr/bin/chromium
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/drizzle ./drizzle
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Heap flags (README, Performance): a 16 MB young generation and an old space bounded at 512 MB
# keep an api or worker process near 250 MB under load instead of letting V8 grow it past 600 MB.
CMD ["node", "--max-semi-space-size=16", "--max-old-space-size=512", "dist/main.js"]
