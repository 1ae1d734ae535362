package conduit.realtime;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.TimeUnit;

/**
 * Holds every client message of an event socket to {@link EventSocket#MAX_MESSAGE_BYTES}, counted over all its
 * frames and after permessage-deflate has inflated them. Netty's frame limit alone sees one frame's compressed
 * payload, and Micronaut joins continuation frames without a limit: 4 MB arrived either as one small compressed
 * frame or as a thousand 4 KB fragments. Here the first byte past the limit closes the socket with 1009, and
 * nothing past it is passed on or kept. After that close the connection stays open, discarding what arrives, until
 * the client's close frame or {@link #CLOSING_GRACE_SECONDS}: closing TCP at once, with the flooding client's frames
 * still unread, makes the kernel reset the connection, and the client loses the 1009 it has not read yet (it saw a
 * broken pipe instead). It also answers a client's close frame with one of its own, completing
 * the closing handshake (RFC 6455 5.5.1) so the client sees its own code rather than 1006.
 */
final class MessageLimit extends ChannelInboundHandlerAdapter {

    static final String NAME = "conduit-message-limit";
    /**
     * Micronaut's handler of the socket's frames after the upgrade (the pipeline then reads: wsencoder, wsdecoder,
     * the permessage-deflate decoder when negotiated, this one); ours goes right before it, after every decoder.
     */
    private static final String MICRONAUT_HANDLER = "micronaut-inbound-handler";
    /** How long a refused client has to answer the close before the connection is dropped anyway. */
    static final int CLOSING_GRACE_SECONDS = 2;

    private final int maxBytes;
    private long current;
    private boolean refused;

    private MessageLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    static void install(ChannelPipeline pipeline, int maxBytes) {
        if (pipeline.get(NAME) == null && pipeline.get(MICRONAUT_HANDLER) != null) {
            pipeline.addBefore(MICRONAUT_HANDLER, NAME, new MessageLimit(maxBytes));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (refused) {
            ReferenceCountUtil.release(message);
            if (message instanceof CloseWebSocketFrame) {
                ctx.close(); // the closing handshake is complete
            }
            return;
        }
        if (message instanceof CloseWebSocketFrame close) {
            int code = close.statusCode() > 0 ? close.statusCode() : WebSocketCloseStatus.NORMAL_CLOSURE.code();
            ctx.writeAndFlush(new CloseWebSocketFrame(code, ""));
            ctx.fireChannelRead(message);
            return;
        }
        if (!(message instanceof WebSocketFrame frame) || frame instanceof PingWebSocketFrame
                || frame instanceof PongWebSocketFrame) {
            ctx.fireChannelRead(message);
            return;
        }
        long size = (frame instanceof ContinuationWebSocketFrame ? current : 0) + frame.content().readableBytes();
        if (size > maxBytes) {
            refused = true;
            ReferenceCountUtil.release(message);
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), "message too big"));
            ctx.executor().schedule(() -> {
                ctx.close();
            }, CLOSING_GRACE_SECONDS, TimeUnit.SECONDS);
            return;
        }
        current = frame.isFinalFragment() ? 0 : size;
        ctx.fireChannelRead(message);
    }
}
