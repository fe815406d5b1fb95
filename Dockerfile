# Vigil service image. The official Deno image, pinned; `deno compile` is not used (see DESIGN.md).
FROM denoland/deno:2.9.6

WORKDIR /app

# Dependencies first, in their own layer: rebuilt only when deno.json or deno.lock change.
COPY deno.json deno.lock ./
RUN deno install --frozen

COPY . .
RUN deno cache --frozen src/cli/main.ts \
  && mkdir -p /app/.vigil \
  && chown -R deno:deno /app/.vigil

# The image's unprivileged user; the store lives in a volume it owns.
USER deno
VOLUME ["/app/.vigil"]
EXPOSE 8080

# No curl in the image: Deno itself checks /healthz.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["deno", "eval", "const r = await fetch('http://127.0.0.1:8080/healthz').catch(() => null); Deno.exit(r?.ok ? 0 : 1)"]

# Mount your config at /app/vigil.yaml (or set VIGIL_CONFIG). Listens on all interfaces inside the container.
CMD ["run", "--allow-net", "--allow-read", "--allow-write=/app/.vigil", "--allow-env", "src/cli/main.ts", "serve", "--hostname", "0.0.0.0", "--port", "8080"]
