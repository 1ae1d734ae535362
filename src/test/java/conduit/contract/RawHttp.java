package conduit.contract;

import conduit.support.Api;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP/1.0 over a plain socket, for request targets the JDK's client refuses to send (%ZZ, raw
 * non-ASCII bytes). Such answers bypass Api's contract check, so the sweep checks their status
 * against the operation's documented responses itself.
 */
final class RawHttp {

    private RawHttp() {
    }

    static Api.Response send(URL server, String method, String target, Map<String, String> headers,
                             @Nullable byte[] body, JsonMapper json) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            var request = new ByteArrayOutputStream();
            request.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(target.getBytes(StandardCharsets.UTF_8));
            var head = new StringBuilder(" HTTP/1.0\r\nHost: " + server.getHost() + ":" + server.getPort() + "\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            request.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                request.writeBytes(body);
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return parse(socket.getInputStream().readAllBytes(), json);
        }
    }

    private static Api.Response parse(byte[] raw, JsonMapper json) throws IOException {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete HTTP response: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] header = lines[i].split(":", 2);
            headers.computeIfAbsent(header[0].trim().toLowerCase(), k -> new ArrayList<>()).add(header.length > 1 ? header[1].trim() : "");
        }
        return new Api.Response(status, headers, text.substring(end + 4), json);
    }
}
