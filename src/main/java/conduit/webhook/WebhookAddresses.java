package conduit.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a webhook may be sent. In production only {@code https} to public addresses: never loopback, private
 * (RFC 1918, unique local), link-local (which holds the cloud metadata address 169.254.169.254), carrier-grade NAT,
 * multicast, unspecified or reserved ranges, nor IPv4 addresses hidden in IPv6 (mapped, compatible, 6to4, NAT64).
 * With {@code allowInsecureLoopback} (development and tests only), plain {@code http} to a loopback address is also
 * allowed, and nothing else changes. The rule is applied to the resolved address at every delivery.
 */
record WebhookAddresses(boolean allowInsecureLoopback) {

    static final int URL_MAX = 2000;

    /** Why the URL can never be used, checked at registration: its shape and, for a literal address, the address. */
    Optional<String> problemWithUrl(String url) {
        if (url.length() > URL_MAX) {
            return Optional.of("is too long (maximum is " + URL_MAX + " characters)");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.of("must be an absolute URL with a host, without credentials or fragment");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && allowInsecureLoopback)) {
            return Optional.of("must use https");
        }
        String host = uri.getHost();
        if (host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            try {
                InetAddress literal = InetAddress.getByName(host.replace("[", "").replace("]", ""));
                return problemWithAddress(scheme, literal);
            } catch (java.net.UnknownHostException e) {
                return Optional.of("is not a valid URL");
            }
        }
        return Optional.empty();
    }

    /** Why a delivery may not connect to this resolved address, if it may not. */
    Optional<String> problemWithAddress(String scheme, InetAddress address) {
        if (address.isLoopbackAddress()) {
            return allowInsecureLoopback ? Optional.empty() : Optional.of("points at a loopback address");
        }
        if (scheme.equalsIgnoreCase("http")) {
            return Optional.of("may use http only to a loopback address, and only in development");
        }
        return isPublic(address) ? Optional.empty() : Optional.of("points at a private or reserved address");
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return !(first == 0                                      // "this network"
                    || first == 10 || first == 127                    // private, loopback
                    || first == 100 && second >= 64 && second < 128   // carrier-grade NAT
                    || first == 169 && second == 254                  // link-local, cloud metadata
                    || first == 172 && second >= 16 && second < 32
                    || first == 192 && second == 168
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0   // IETF protocol assignments
                    || first == 198 && (second == 18 || second == 19)      // benchmarking
                    || first >= 224);                                      // multicast, reserved, broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {                         // unique local fc00::/7 (fd00:ec2::254, metadata)
                return false;
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x02) {         // 6to4 2002::/16 carries an IPv4 address
                return isPublic(v4(b, 2));
            }
            if (first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                return isPublic(v4(b, 12));                       // NAT64 64:ff9b::/96
            }
            boolean zeros = true;
            for (int i = 0; i < 10; i++) {
                zeros &= b[i] == 0;
            }
            if (zeros && (b[10] == (byte) 0xff && b[11] == (byte) 0xff || b[10] == 0 && b[11] == 0)) {
                return isPublic(v4(b, 12));                       // IPv4-mapped ::ffff:a.b.c.d, compatible ::a.b.c.d
            }
            return true;
        }
        return false;
    }

    private static InetAddress v4(byte[] bytes, int from) {
        try {
            return InetAddress.getByAddress(new byte[] {bytes[from], bytes[from + 1], bytes[from + 2], bytes[from + 3]});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
