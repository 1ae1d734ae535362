# syntax=docker/dockerfile:1
# Build stage: the same Maven Wrapper build as on a developer machine (generates code from api-spec/).
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:resolve
COPY api-spec api-spec
COPY db db
COPY src/main src/main
RUN ./mvnw -B -q package -DskipTests

# Runtime stage: JRE only, unprivileged user, curl for the health check.
FROM eclipse-temurin:21-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 conduit \
    && useradd --system --uid 10001 --gid conduit --no-create-home conduit
WORKDIR /app
COPY --from=build /src/target/conduit-api.jar /app/conduit-api.jar
# Writable by the service only: the AppCDS archive (see ENTRYPOINT) lives here; mount a volume to keep it.
RUN mkdir /app/cds && chown 10001:10001 /app/cds
USER 10001:10001
# 8080: the API and docs (publish this); 8081: health and metrics (keep it internal).
EXPOSE 8080 8081
# Memory (docs/BENCHMARKS.md, "RSS"; bench/run.sh uses the same flags by default): RSS stays under 300 MB
# after read and login load. Live heap is ~40 MB plus 19 MiB per running Argon2 hash (at most one per core);
# raise -Xmx by 20 MB per core above 2 (and the container limit with it). Serial GC: no concurrent GC threads,
# less native memory than G1 at this heap size. 512 KB thread stacks, capped metaspace and code cache, two
# malloc arenas instead of 8 per core. Die fast on OOM so the orchestrator restarts us.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xmx128m -Xss512k -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8081/health/readiness > /dev/null || exit 1
# CONDUIT_JWT_SECRET and DATASOURCES_DEFAULT_* must be provided at run time (see README).
# exec form: the JVM is PID 1 and receives SIGTERM directly, so graceful shutdown works.
# AppCDS (JDK 19+): a start without a usable archive writes one when the JVM exits (also on SIGTERM); later
# starts of this container (or any container sharing /app/cds) map the ~10,000 classes of Micronaut, Netty,
# Flyway, ... from it instead of loading them from the jar: startup CPU halves (docs/BENCHMARKS.md, "Startup").
# The JVM checks the archive against the JDK and the jar, and ignores and rewrites one that does not match.
ENTRYPOINT ["java", "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=/app/cds/conduit.jsa", "-jar", "/app/conduit-api.jar"]
