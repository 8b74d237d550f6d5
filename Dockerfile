# syntax=docker/dockerfile:1

# Medvirk container image: one static binary. Views, locales, migrations and static
# files are embedded in it, so the final stage holds nothing else.
#
#   docker build -t medvirk .
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://... medvirk serve --migrate

FROM golang:1.26-bookworm AS build
WORKDIR /src
# Fetch the toolchain go.mod asks for if this image's Go is older.
ENV GOTOOLCHAIN=auto
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/medvirk .

# Distroless static: CA certificates and time zone data, no shell, runs as non-root.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/medvirk /medvirk
USER nonroot:nonroot
ENV PORT=3000
EXPOSE 3000
# No HEALTHCHECK here: the image has no shell or curl. The binary checks itself with
# `/medvirk healthcheck` (GET http://127.0.0.1:$PORT/healthz, exit 0 or 1), which
# docker-compose.yml uses as the app's health check; orchestrators can probe
# /healthz (liveness) and /readyz (database reachable) over HTTP.
ENTRYPOINT ["/medvirk"]
CMD ["serve"]
