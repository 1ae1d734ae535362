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

# Runtime stage: JRE only, unprivileged user, curl for the health check. JDK 25: its AOT cache (below).
FROM eclipse-temurin:25-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 conduit \
    && useradd --system --uid 10001 --gid conduit --no-create-home conduit
WORKDIR /app
COPY --from=build /src/target/conduit-api.jar /app/conduit-api.jar
COPY deploy/aot-training.sh /app/aot-training.sh
# Memory (docs/BENCHMARKS.md, "Memory, measured"; bench/run.sh uses the same flags by default): RSS about 250 MB
# after the whole benchmark, logins included. Live heap is ~20 MB plus 19 MiB per running Argon2 hash (at most one
# per core, kept for the next): the old generation (88 MB) holds that with room; a 24 MB young generation because
# Serial touches all of it between collections. Raise -Xmx by 20 MB per core above 2 (and the container limit
# with it). Serial GC: no concurrent GC threads, less native memory than G1 at this heap size. 512 KB thread
# stacks, capped metaspace and code cache, two malloc arenas instead of 8 per core, and the malloc heap trimmed
# every 5 s (the compilers' peaks otherwise stay resident). Die fast on OOM so the orchestrator restarts us.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xmx112m -Xmn24m -Xss512k -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=5000" \
    MALLOC_ARENA_MAX=2
# The AOT cache (JDK 25, JEP 483/514/515): a training run of this image's jar, JDK and flags, against a throwaway
# PostgreSQL that lives only in this layer, sends the requests a client sends (deploy/aot-training.sh); the JVM
# writes the classes it loaded and linked and the methods it profiled to /app/conduit.aot as it exits. Starts
# with the cache take about half the time and CPU (docs/BENCHMARKS.md, "Startup on JDK 25"). The JVM checks the
# cache against the JDK, the jar and the flags, and starts without it (a warning) when they differ, e.g. after
# changing JAVA_TOOL_OPTIONS at run time: retrain by rebuilding the image.
RUN apt-get update && apt-get install -y --no-install-recommends postgresql \
    && pg_ctlcluster "$(ls /etc/postgresql)" main start \
    && su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'training'\" -c 'CREATE DATABASE training'" \
    && DATASOURCES_DEFAULT_URL=jdbc:postgresql://127.0.0.1:5432/training DATASOURCES_DEFAULT_USERNAME=postgres \
       DATASOURCES_DEFAULT_PASSWORD=training AOT_TRAINING_LOG=/tmp/aot-training.log \
       /app/aot-training.sh java /app/conduit-api.jar /app/conduit.aot \
    && pg_ctlcluster "$(ls /etc/postgresql)" main stop \
    && apt-get purge -y --auto-remove postgresql 'postgresql-*' && rm -rf /var/lib/postgresql /etc/postgresql \
       /var/lib/apt/lists/* /tmp/aot-training.log /app/aot-training.sh
USER 10001:10001
# 8080: the API and docs (publish this); 8081: health and metrics (keep it internal).
EXPOSE 8080 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8081/health/readiness > /dev/null || exit 1
# CONDUIT_JWT_SECRET and DATASOURCES_DEFAULT_* must be provided at run time (see README).
# exec form: the JVM is PID 1 and receives SIGTERM directly, so graceful shutdown works.
ENTRYPOINT ["java", "-XX:AOTCache=/app/conduit.aot", "-jar", "/app/conduit-api.jar"]
