package conduit.webhook;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends one webhook request. The host is resolved here and checked ({@link WebhookAddresses}), and the socket
 * connects to the very address that passed, so a name that resolves elsewhere a moment later (DNS rebinding)
 * gains nothing; TLS still verifies the certificate against the host name. HTTP/1.1, one request per connection,
 * redirects are answers like any other (not followed), and the whole exchange has one deadline.
 */
final class WebhookSender {

    /** What came back: a status, or why none did. */
    record Result(Integer status, String error) {
        boolean delivered() {
            return status != null && status / 100 == 2;
        }
    }

    private final WebhookAddresses addresses;
    private final Duration timeout;

    WebhookSender(WebhookAddresses addresses, Duration timeout) {
        this.addresses = addresses;
        this.timeout = timeout;
    }

    Result post(String url, Map<String, String> headers, String body) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        InetAddress target;
        try {
            target = choose(scheme, InetAddress.getAllByName(host.replace("[", "").replace("]", "")));
        } catch (IOException e) {
            return new Result(null, "could not resolve " + host + ": " + e.getMessage());
        } catch (RefusedAddress e) {
            return new Result(null, e.getMessage());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(target, port), (int) timeout.toMillis());
            Socket socket = scheme.equals("https") ? tls(plain, host, port) : plain;
            socket.setSoTimeout(remainingMillis(deadline));
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) {
                path += "?" + uri.getRawQuery();
            }
            byte[] payload = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder()
                    .append("POST ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(uri.getRawAuthority()).append("\r\n")
                    .append("User-Agent: Conduit-Webhooks\r\n")
                    .append("Content-Type: application/json\r\n")
                    .append("Content-Length: ").append(payload.length).append("\r\n")
                    .append("Connection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            return new Result(status(new BufferedInputStream(socket.getInputStream()), deadline), null);
        } catch (IOException e) {
            return new Result(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private InetAddress choose(String scheme, InetAddress[] resolved) throws RefusedAddress {
        // Every address must pass: a name with one public and one private address could be steered to the other.
        for (InetAddress address : resolved) {
            var problem = addresses.problemWithAddress(scheme, address);
            if (problem.isPresent()) {
                throw new RefusedAddress("the URL " + problem.get() + " (" + address.getHostAddress() + "); not sent");
            }
        }
        return resolved[0];
    }

    private static Socket tls(Socket plain, String host, int port) throws IOException {
        try {
            SSLSocket socket = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setServerNames(List.of(new SNIHostName(host)));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no TLS", e);
        }
    }

    /** The status code of the response's first line; the rest is not read. */
    private static int status(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int next;
        while ((next = in.read()) != -1 && next != '\n') {
            if (line.size() > 1000 || System.nanoTime() > deadline) {
                throw new IOException("no status line within limits");
            }
            line.write(next);
        }
        String[] parts = line.toString(StandardCharsets.ISO_8859_1).trim().split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x response");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + parts[1]);
        }
    }

    private static int remainingMillis(long deadline) {
        return (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    }

    private static final class RefusedAddress extends Exception {
        RefusedAddress(String message) {
            super(message);
        }
    }
}
