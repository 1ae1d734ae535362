# syntax=docker/dockerfile:1
# Build stage: the same Maven Wrapper build as on a developer machine (generates code from api-spec/).
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:resolve
COPY api-spec api-spec
COPY db db
COPY src src
RUN ./mvnw -B -q package -DskipTests

# Runtime stage: JRE only, unprivileged user.
FROM eclipse-temurin:21-jre
RUN groupadd --system --gid 10001 conduit && useradd --system --uid 10001 --gid conduit --no-create-home conduit
WORKDIR /app
COPY --from=build /src/target/conduit-api.jar /app/conduit-api.jar
USER 10001:10001
EXPOSE 8080
# Size the heap from the container's memory limit; die fast on OOM so the orchestrator restarts us.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# CONDUIT_JWT_SECRET and DATASOURCES_DEFAULT_* must be provided at run time (see README).
ENTRYPOINT ["java", "-jar", "/app/conduit-api.jar"]
