package conduit.system;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attack: a page on another origin calls the API through a victim's browser, or a client picks a Host header
 * that makes its Origin look like the service's own. Only configured origins pass; the Host decides nothing.
 */
@MicronautTest(transactional = false)
class OriginApiTest extends ApiTestSupport {

    private static final String REFUSED = "{\"errors\":{\"origin\":[\"is not allowed\"]}}";

    @Inject
    Api api;

    @Inject
    Users users;


    @Test
    void aForeignOriginIsRefusedWhateverHostTheClientNames() throws IOException {
        var jake = users.aUser();
        String article = "{\"article\":{\"title\":\"from evil\",\"description\":\"d\",\"body\":\"b\"}}";
        for (String host : List.of("api.example.com", "evil.com", "127.0.0.1:" + api.port())) {
            String answer = raw("POST /api/articles HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://evil.com\r\n"
                    + "Authorization: Token " + jake.token() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + article.length() + "\r\nConnection: close\r\n\r\n" + article);

            assertTrue(answer.startsWith("HTTP/1.1 403"), host + ": " + answer);
            assertTrue(answer.endsWith(REFUSED), answer);
        }
        String sameLooking = raw("POST /api/articles HTTP/1.1\r\nHost: api.example.com\r\nOrigin: http://api.example.com\r\n"
                + "Authorization: Token " + jake.token() + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + article.length() + "\r\nConnection: close\r\n\r\n" + article);
        assertTrue(sameLooking.startsWith("HTTP/1.1 403"), "an Origin equal to the chosen Host: " + sameLooking);
        assertEquals(0, api.get("/api/articles?author=" + jake.username(), null).json().get("articlesCount").getIntValue(),
                "nothing was created");
    }

    @Test
    void localhostOnAnotherPortIsJustAnotherOrigin() {
        for (String origin : List.of("http://localhost:9999", "http://127.0.0.1:9999", "null")) {
            var response = api.send("GET", "/api/tags", null, Map.of("Origin", origin));

            assertEquals(403, response.status(), origin);
            assertEquals(Map.of("origin", List.of("is not allowed")), response.errorMap());
        }
    }

    @Test
    void configuredFrontendsTheServicesOwnOriginAndClientsWithoutAnOriginPass() {
        String own = "http://127.0.0.1:" + api.port();
        for (var headers : List.of(Map.of("Origin", "http://localhost:3000"), Map.of("Origin", own),
                Map.<String, String>of())) {
            assertEquals(200, api.send("GET", "/api/tags", null, headers).status(), headers.toString());
        }
    }

    @Test
    void theEventSocketRefusesAForeignOriginWhateverTheHost() throws IOException {
        String answer = raw("GET /api/events?ticket=whatever HTTP/1.1\r\nHost: api.example.com\r\n"
                + "Origin: http://api.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");

        assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
    }

    /** Sends bytes as they are, Host header included, and reads the answer until the server closes. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            byte[] buffer = new byte[8192];
            var answer = new StringBuilder();
            int read;
            try {
                while ((read = socket.getInputStream().read(buffer)) > 0) {
                    answer.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                    if (answer.toString().endsWith("}")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // the answer so far is what the server sent
            }
            return answer.toString();
        }
    }
}
