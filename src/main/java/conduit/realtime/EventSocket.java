package conduit.realtime;

import conduit.api.model.RealtimeClientMessage;
import conduit.api.model.RealtimeClientMessageType;
import conduit.api.model.RealtimeReply;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketPongMessage;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnError;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;

/**
 * The event WebSocket, GET /api/events?ticket=... (see createEventTicket in the contract). The
 * ticket is the credential, checked by {@link TicketFilter} before the upgrade; Micronaut security
 * lets the upgrade through only because of that. Client messages subscribe to articles' comments;
 * a bad one gets an error reply and never closes the socket.
 *
 * Handlers run on the connection's event loop (TicketFilter hands the upgrade back to it), so a
 * socket is registered before its first message is read; messages needing the database are then
 * handled on the blocking pool, one at a time per socket and in the order they came.
 */
@ServerWebSocket(EventSocket.PATH)
@Secured(SecurityRule.IS_ANONYMOUS)
final class EventSocket {

    static final String PATH = "/api/events";
    /** Client messages are a type and a slug; anything larger is not one (the socket closes with 1009). */
    static final int MAX_MESSAGE_BYTES = 4096;
    /** More unanswered messages than {@link Socket#MAX_PENDING}: the client is not waiting for replies. */
    static final CloseReason FLOODED = new CloseReason(CloseReason.POLICY_VIOLATION.getCode(), "too many messages");
    /**
     * After HTTP's 401, in the application range: the session was logged out (logout, logout-all, a password
     * change), or the upgrade somehow skipped TicketFilter.
     */
    static final CloseReason UNAUTHENTICATED = new CloseReason(4401, "unauthenticated");
    static final CloseReason SESSION_ENDED = new CloseReason(4401, "session ended");

    private static final Logger LOG = LoggerFactory.getLogger(EventSocket.class);

    private final Sockets sockets;
    private final RealtimeQueries queries;
    private final JsonMapper json;
    private final ExecutorService blocking;

    EventSocket(Sockets sockets, RealtimeQueries queries, JsonMapper json,
                @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.sockets = sockets;
        this.queries = queries;
        this.json = json;
        this.blocking = blocking;
    }

    @OnOpen
    void open(WebSocketSession session, HttpRequest<?> request) {
        var holder = TicketFilter.holderOf(request);
        if (holder.isEmpty()) {
            session.close(UNAUTHENTICATED);
            return;
        }
        Socket socket = new Socket(session, holder.get().userId(), holder.get().sessionId());
        sockets.add(socket);
        Runnable ready = () -> socket.send(write(new RealtimeReply("ready")));
        if (request instanceof NettyHttpRequest<?> netty) {
            MessageLimit.install(netty.getChannelHandlerContext().pipeline(), MAX_MESSAGE_BYTES);
            // Micronaut calls @OnOpen before it hands the connection to its WebSocket handler. "ready" goes out in
            // the next event-loop task, after that switch: a client that answers it at once (the topology test's
            // client did) would otherwise have its frame read by the HTTP handler and never answered.
            netty.getChannelHandlerContext().channel().eventLoop().execute(ready);
        } else {
            ready.run();
        }
    }

    @OnMessage(maxPayloadLength = MAX_MESSAGE_BYTES)
    void message(String text, WebSocketSession session) {
        Socket socket = sockets.get(session.getId());
        if (socket == null) {
            return;
        }
        socket.heard();
        if (!socket.handleInTurn(() -> socket.send(write(answer(socket, text))), blocking)) {
            sockets.remove(socket.id());
            socket.close(FLOODED);
        }
    }

    @OnMessage
    void pong(WebSocketPongMessage pong, WebSocketSession session) {
        Socket socket = sockets.get(session.getId());
        if (socket != null) {
            socket.heard();
        }
    }

    @OnClose
    void close(WebSocketSession session) {
        sockets.remove(session.getId());
    }

    @OnError
    void error(WebSocketSession session, Throwable failure) {
        LOG.info("Event socket failed: {}", failure.toString());
        sockets.remove(session.getId());
    }

    private RealtimeReply answer(Socket socket, String text) {
        RealtimeClientMessage message = read(text);
        if (message == null || message.getType() == null || message.getArticle() == null || message.getArticle().isBlank()) {
            return error(message == null ? null : message.getArticle(), "invalid-message",
                    "expected {\"type\":\"subscribe\"|\"unsubscribe\",\"article\":\"<slug>\"}");
        }
        String slug = message.getArticle();
        try {
            OptionalLong articleId = queries.articleId(slug);
            if (message.getType() == RealtimeClientMessageType.UNSUBSCRIBE) {
                socket.unsubscribe(slug, articleId);
                return new RealtimeReply("unsubscribed").article(slug);
            }
            if (articleId.isEmpty()) {
                return error(slug, "article-not-found", "article not found");
            }
            if (!socket.subscribe(articleId.getAsLong(), slug)) {
                return error(slug, "too-many-subscriptions",
                        "a socket may subscribe to at most " + Socket.MAX_SUBSCRIPTIONS + " articles");
            }
            return new RealtimeReply("subscribed").article(slug);
        } catch (RuntimeException e) {
            LOG.warn("Could not handle an event socket message: {}", e.toString());
            return error(slug, "unavailable", "the service is temporarily unavailable; retry shortly");
        }
    }

    private RealtimeClientMessage read(String text) {
        try {
            return json.readValue(text, RealtimeClientMessage.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static RealtimeReply error(String slug, String code, String message) {
        return new RealtimeReply("error").article(slug).code(code).message(message);
    }

    private String write(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
