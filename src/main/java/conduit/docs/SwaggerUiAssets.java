package conduit.docs;

import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Swagger UI's files: our own page and initializer from classpath:swagger-ui/, everything else from
 * the org.webjars:swagger-ui jar (whose version the build pins). Loaded on first use and kept.
 */
@Singleton
final class SwaggerUiAssets {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String OWN = "swagger-ui/";

    private final String webjarRoot = "META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/";
    private final Map<String, Optional<Representation>> cache = new ConcurrentHashMap<>();

    Optional<Representation> find(String fileName) {
        if (!FILE_NAME.matcher(fileName).matches()) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(fileName, name -> load(OWN + name).or(() -> load(webjarRoot + name)));
    }

    private static Optional<Representation> load(String resource) {
        try (InputStream in = SwaggerUiAssets.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(Representation.of(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String webjarVersion() {
        Properties pom = new Properties();
        try (InputStream in = SwaggerUiAssets.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the org.webjars:swagger-ui jar is missing from the classpath");
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }
}
