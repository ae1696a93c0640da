# The l4gw image: one executable (deno compile) and the shared libraries it loads, on scratch.
#   docker buildx build --platform linux/amd64,linux/arm64 -t <registry>/l4gw:0.1.0 .
# The build stage needs to reach dl.deno.land (deno compile downloads its denort runtime there).
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY . .
ARG TARGETARCH
RUN npx --yes deno@2.9.6 install --frozen \
 && npx --yes deno@2.9.6 task build --target host \
 && npx --yes deno@2.9.6 run -A scripts/rootfs.ts --binary "dist/l4gw-linux-${TARGETARCH}" --out /rootfs

FROM scratch
COPY --from=build /rootfs/ /
# Deno keeps nothing it needs on disk at run time; HOME and DENO_DIR point at the writable /tmp
# (an emptyDir in the Deployment) so a read-only root filesystem works.
ENV HOME=/tmp DENO_DIR=/tmp/deno DENO_NO_UPDATE_CHECK=1
USER 65532:65532
EXPOSE 8080 8081
ENTRYPOINT ["/l4gw"]
