package conduit.realtime;

import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketClient;
import io.micronaut.websocket.annotation.ClientWebSocket;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second real WebSocket client, Micronaut's (Netty), which offers permessage-deflate on every connection the way
 * browsers do: the attacks on the event socket are run with compression on as well as with the JDK's client.
 */
@ClientWebSocket
abstract class DeflateSocket implements AutoCloseable {

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

    static DeflateSocket connect(WebSocketClient client, String ticketUrl) {
        DeflateSocket socket = Mono.from(client.connect(DeflateSocket.class, URI.create(ticketUrl)))
                .block(EventClient.PATIENCE);
        if (!String.valueOf(socket.next()).contains("\"ready\"")) {
            throw new AssertionError("expected the ready reply first");
        }
        return socket;
    }

    @OnMessage
    void onMessage(String text) {
        received.add(text);
    }

    @OnClose
    void onClose(CloseReason reason) {
        received.add(reason);
    }

    abstract void send(String message);

    /** The next text message or close, waiting up to {@link EventClient#PATIENCE}. */
    Object next() {
        try {
            Object message = received.poll(EventClient.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("nothing arrived within " + EventClient.PATIENCE.toMillis() + " ms");
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The code the server closed with, skipping nothing: any message before the close fails the test. */
    int closedWith() {
        Object message = next();
        if (message instanceof CloseReason reason) {
            return reason.getCode();
        }
        throw new AssertionError("expected the socket to close, got " + message);
    }
}
