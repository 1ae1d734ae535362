package conduit.realtime;

import conduit.support.MessageValidator;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (the JDK's) on the event socket. Every message it receives is checked
 * against the contract's RealtimeEvent or RealtimeReply schema before a test sees it.
 */
final class EventClient implements WebSocket.Listener, AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(5);

    /** How the server closed the socket. */
    record Closed(int code, String reason) {
    }

    private final JsonMapper json;
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private String firstMessage;
    private WebSocket socket;

    private EventClient(JsonMapper json) {
        this.json = json;
    }

    /** Opens a socket to {@code baseUrl + path} (http:// becomes ws://) and waits for the server's "ready". */
    static EventClient connect(String baseUrl, String path, JsonMapper json) {
        return connect(baseUrl, path, Map.of(), json);
    }

    static EventClient connect(String baseUrl, String path, Map<String, String> headers, JsonMapper json) {
        return connect(baseUrl, path, headers, null, json);
    }

    /** Like a browser that sends {@code firstMessage} in onopen, without waiting for "ready". */
    static EventClient connectSending(String baseUrl, String path, String firstMessage, JsonMapper json) {
        return connect(baseUrl, path, Map.of(), firstMessage, json);
    }

    private static EventClient connect(String baseUrl, String path, Map<String, String> headers,
                                       String firstMessage, JsonMapper json) {
        EventClient client = new EventClient(json);
        client.firstMessage = firstMessage;
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(PATIENCE);
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(URI.create(baseUrl.replaceFirst("^http", "ws") + path), client)
                .join();
        JsonNode ready = client.next();
        if (!"ready".equals(ready.get("type").getStringValue())) {
            throw new AssertionError("expected the ready reply first, got " + ready);
        }
        return client;
    }

    /** The HTTP status the server refused the upgrade with. */
    static int refusal(String baseUrl, String path) {
        return refusal(baseUrl, path, Map.of());
    }

    static int refusal(String baseUrl, String path, Map<String, String> headers) {
        try {
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
            headers.forEach(builder::header);
            builder.buildAsync(URI.create(baseUrl.replaceFirst("^http", "ws") + path), new WebSocket.Listener() { })
                    .join()
                    .abort();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
        throw new AssertionError("the upgrade was accepted");
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** One frame of a message: {@code last} false leaves the message open for continuation frames. */
    void sendFragment(String text, boolean last) {
        socket.sendText(text, last).join();
    }

    /** Starts the closing handshake with {@code code}; {@link #closed()} then tells what the server answered. */
    void sendClose(int code) {
        socket.sendClose(code, "").join();
    }

    void subscribe(String slug) {
        send("{\"type\":\"subscribe\",\"article\":\"" + slug + "\"}");
        JsonNode reply = next();
        if (!"subscribed".equals(reply.get("type").getStringValue())) {
            throw new AssertionError("subscribing to " + slug + " failed: " + reply);
        }
    }

    /** The next message, waiting up to {@link #PATIENCE}. */
    JsonNode next() {
        return next(PATIENCE);
    }

    JsonNode next(Duration patience) {
        Object message = poll(patience);
        if (message instanceof JsonNode node) {
            return node;
        }
        throw new AssertionError("expected a message, got " + message);
    }

    /** How the socket was closed, waiting up to {@link #PATIENCE}; fails on any message before that. */
    Closed closed() {
        Object message = poll(PATIENCE);
        if (message instanceof Closed closed) {
            return closed;
        }
        throw new AssertionError("expected the socket to close, got " + message);
    }

    private Object poll(Duration patience) {
        try {
            Object message = received.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("nothing arrived within " + patience.toMillis() + " ms");
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (firstMessage != null) {
            webSocket.sendText(firstMessage, true);
        }
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            received.add(parse(text));
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        received.add(new AssertionError("the server sent a binary frame"));
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        received.add(new Closed(statusCode, reason));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        received.add(error);
    }

    private Object parse(String text) {
        try {
            JsonNode node = json.readValue(text, JsonNode.class);
            String type = node.get("type") == null ? "" : node.get("type").getStringValue();
            MessageValidator.check(type.contains(".") ? "RealtimeEvent" : "RealtimeReply", text);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        } catch (AssertionError e) {
            return e;
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(failure -> null);
        }
        socket.abort();
    }
}
