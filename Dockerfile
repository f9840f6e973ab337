# syntax=docker/dockerfile:1
# Vibegrapher: the uber jar on a Java 17 runtime. Build: docker build -t vibegrapher .
# Run:   docker run -p 8080:8080 -v vibegrapher-data:/data vibegrapher
# (docs/deployment.md). The integration test ContainerCommandIT reads the ENV, ENTRYPOINT and CMD
# below and starts the jar exactly so: change them together with docs/configuration.md.

# --- build: the same command as the README's ------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY payara-config ./payara-config
COPY src ./src
RUN --mount=type=cache,target=/root/.m2 mvn -B package -DskipTests

# --- runtime: a JRE, python3 for syntax checks and the projects' tests, nothing to build with ------
FROM eclipse-temurin:17-jre
# python3 checks and tests the projects' code; bubblewrap runs it in a sandbox (new namespaces,
# read-only root, no network), without which the server refuses to run it; prlimit (util-linux,
# already in the base) sets its limits inside. The platform must allow unprivileged user
# namespaces (docs/deployment.md).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 bubblewrap \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 vibegrapher \
 && useradd --system --uid 10001 --gid vibegrapher --home-dir /app --shell /usr/sbin/nologin vibegrapher \
 && mkdir -p /app /data \
 && chown vibegrapher:vibegrapher /data
# The uber jar is self-contained: the WAR, its libraries (MICRO-INF/lib) and the Payara settings
# of payara-config/ are inside it.
COPY --from=build /build/target/vibegrapher.jar /app/vibegrapher.jar
# AppCDS: a training start writes the classes it loads into an archive that every start maps
# (faster to ready: 2-3.5x on a busy machine, up to 20 % on a quiet one; docs/benchmarks.md).
# Trained here, with this image's JVM, because an archive only fits the JVM that wrote it; a
# missing or unfit archive only costs the speed-up.
COPY container/train-cds.sh /tmp/train-cds.sh
RUN sh /tmp/train-cds.sh /app/vibegrapher.jar /app/vibegrapher.jsa -XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
 && rm /tmp/train-cds.sh
WORKDIR /app
USER 10001:10001
ENV VIBEGRAPHER_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD ["python3", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/health/ready', timeout=4).status == 200 else 1)"]
# Exec form: java is PID 1 and gets SIGTERM itself, so running runs are failed cleanly, WebSockets
# closed with 1001 and commits in flight finished (docs/deployment.md). Heap: half of the
# container's memory; the rest is metaspace, code cache, threads and the unpacked server. The serial
# collector, which the JVM picks by itself in a container under 1792 MB, said outright so that it
# holds on any host (G1's own structures cost ~40 MB of a 512 MB limit; docs/benchmarks.md). A JVM
# out of heap exits at once, so the platform restarts it instead of leaving it limping. Only the
# C1 compiler: on the one or two cores of a small machine, C2 was still compiling the server's deep
# framework code after 1,600 runs and the code waiting for it ran slower; without it the sessions
# benchmark took half the CPU, 20-40 % less wall time and 20 % less memory (docs/benchmarks.md).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError", "-XX:SharedArchiveFile=/app/vibegrapher.jsa", "-jar", "/app/vibegrapher.jar"]
CMD ["--port", "8080"]
