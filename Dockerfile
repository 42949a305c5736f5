# k2o in a container: `k2o run` on the .ksql files mounted at /queries, with
# /metrics, the health probes and the web console on port 9464 (docs/monitoring.md).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY grammar ./grammar
COPY src ./src
COPY scripts/bundle-cli.mjs ./scripts/
RUN npm run build

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY schema ./schema
COPY web ./web
USER node
EXPOSE 9464
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s CMD ["node", "-e", "fetch('http://127.0.0.1:9464/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/bin/k2o.js"]
CMD ["run", "--metrics-port", "9464", "--log-format", "json", "/queries"]
