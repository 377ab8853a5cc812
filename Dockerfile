# One image for every role: `vigil start --role all|ingest|consumer|dashboard`.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY core/package.json core/
COPY tracker/package.json tracker/
COPY ingest/package.json ingest/
COPY consumer/package.json consumer/
COPY dashboard/package.json dashboard/
COPY clickhouse/package.json clickhouse/
RUN npm ci --no-audit --no-fund
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build
ENV NODE_ENV=production VIGIL_DATA_DIR=/data PORT=3000
VOLUME /data
EXPOSE 3000
ENTRYPOINT ["node", "core/bin/vigil.mjs"]
CMD ["start"]
