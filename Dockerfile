# A minimal image with sselint's static binary (swift build --static-swift-stdlib: no Swift runtime needed).
#   docker build -t sselint .
#   docker run --rm -v "$PWD:/src" sselint .            # lint the current directory
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/src" sselint . --format sarif -o sselint.sarif   # writes as you
# Not built in this project's CI (no Docker engine there); the same static build is what CI's release build makes.
# The toolchain sselint is developed with (Swift 6.3); the package needs 6.0 or later.
FROM swift:6.3-bookworm AS build
WORKDIR /build
# The manifest names the test targets too (their paths must exist to resolve it); nothing of them is built.
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY scripts/build-release.sh ./scripts/
COPY packaging/hot-functions.order ./packaging/
RUN scripts/build-release.sh \
 && install -D -m 0755 .build/ordered/release/sselint /out/sselint

# glibc and CA certificates (for `sselint probe https://…`), nothing else.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/sselint /usr/local/bin/sselint
WORKDIR /src
USER 65532:65532
ENTRYPOINT ["sselint"]
CMD ["."]
