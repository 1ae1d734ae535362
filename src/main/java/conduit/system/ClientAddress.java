package conduit.system;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The address a request came from. X-Forwarded-For is believed only when the connection comes from
 * a configured trusted proxy (CONDUIT_TRUSTED_PROXIES); then the client is the nearest address in
 * the chain that is not itself a trusted proxy. Without trusted proxies any client could forge it.
 */
@Singleton
public final class ClientAddress {

    private final Set<String> trustedProxies;

    ClientAddress(@Value("${conduit.http.trusted-proxies:}") String trustedProxies) {
        this.trustedProxies = Arrays.stream(trustedProxies.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** True when the connection comes from a configured reverse proxy, whose forwarding headers we believe. */
    public boolean fromTrustedProxy(HttpRequest<?> request) {
        return trustedProxies.contains(peer(request));
    }

    public String of(HttpRequest<?> request) {
        return of(peer(request), request.getHeaders().getAll("X-Forwarded-For"));
    }

    /** The rule itself: the connection's peer address, and every X-Forwarded-For header, in order. */
    String of(String peer, List<String> forwardedFor) {
        if (!trustedProxies.contains(peer)) {
            return peer;
        }
        List<String> chain = forwardedFor.stream()
                .flatMap(header -> Arrays.stream(header.split(",")))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (!trustedProxies.contains(chain.get(i))) {
                return chain.get(i);
            }
        }
        return peer;
    }

    private static String peer(HttpRequest<?> request) {
        return request.getRemoteAddress().getAddress().getHostAddress();
    }
}
