# Runtime image of the Lines hub, built from jars built beforehand (no network needed while building the image):
#
#   ./mvnw -B -q -DskipTests package      # hub-core/target/lines-hub.jar and data/plugins/*.jar
#   docker build -t lines-hub .
#
# Meant to run with an external MariaDB (HUB_DB_URL, HUB_DB_USER, HUB_DB_PASSWORD), as docker-compose.yml does.
FROM eclipse-temurin:17-jre

# a user of its own: the hub needs no root rights
RUN groupadd --system hub && useradd --system --gid hub --home-dir /app --no-create-home hub \
    && mkdir -p /app/data /app/plugins /app/routes \
    && chown -R hub:hub /app

WORKDIR /app

COPY --chown=hub:hub hub-core/target/lines-hub.jar /app/lines-hub.jar
COPY --chown=hub:hub data/plugins/*.jar /app/plugins/
COPY --chown=hub:hub routes/ /app/routes/

# plugins and routes ship in the image; state (secret key, stored files) lives in the data volume
ENV HUB_DATA_DIR=/app/data \
    HUB_PLUGINS_DIR=/app/plugins \
    HUB_ROUTES_DIR=/app/routes \
    HUB_PORT=8080

VOLUME ["/app/data"]
EXPOSE 8080
USER hub

# exec form: the JVM is PID 1 and gets SIGTERM, so it shuts down gracefully; JVM options go in JAVA_TOOL_OPTIONS
ENTRYPOINT ["java", "-jar", "/app/lines-hub.jar"]
