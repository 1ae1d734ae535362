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
USER 10001:10001
# 8080: the API and docs (publish this); 8081: health and metrics (keep it internal).
EXPOSE 8080 8081
# Heap sized from the container's memory limit; die fast on OOM so the orchestrator restarts us.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError"
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8081/health/readiness > /dev/null || exit 1
# CONDUIT_JWT_SECRET and DATASOURCES_DEFAULT_* must be provided at run time (see README).
# exec form: the JVM is PID 1 and receives SIGTERM directly, so graceful shutdown works.
ENTRYPOINT ["java", "-jar", "/app/conduit-api.jar"]
