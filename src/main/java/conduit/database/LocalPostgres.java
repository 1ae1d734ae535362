package conduit.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server on 127.0.0.1, run from the binaries on the development classpath, for a machine that has
 * only a JDK: {@code ./mvnw mn:run} keeps one in a lasting folder, the test run a throwaway one. PostgreSQL refuses
 * to run as root, so when this JVM is root the server runs as the unprivileged user {@code nobody}
 * (via util-linux's {@code setpriv}), and its folders are handed to that user.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
    private static final String UNPRIVILEGED_USER = "nobody";

    private final Path programs;
    private final Path dataDirectory;
    private final int port;
    private final List<String> runAs;
    private final String version;
    /** The temporary folder of a {@link #throwaway()} server, deleted when it closes; null otherwise. */
    private Path ownedFolder;

    private LocalPostgres(Path programs, Path dataDirectory, int port, List<String> runAs, String version) {
        this.programs = programs;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.runAs = runAs;
        this.version = version;
    }

    /**
     * Starts the server on 127.0.0.1:port with its data in dataDirectory (created with initdb the first time, kept
     * afterwards), or returns the one already running there. Unix-socket-free, trust authentication for user
     * {@code postgres}: it listens on loopback only and is for development and tests.
     */
    public static LocalPostgres start(Path dataDirectory, int port, Map<String, String> settings) {
        Path programs = PostgresBinaries.unpacked(cacheFolder());
        List<String> runAs = isRoot() ? unprivileged() : List.of();
        Path data = dataDirectory.toAbsolutePath().normalize();
        // "pg_ctl (PostgreSQL) 16.15" → "PostgreSQL 16.15"
        String version = firstLine(run(List.of(program(programs, "pg_ctl"), "--version"), List.of(), null))
                .replaceFirst("^pg_ctl \\((PostgreSQL)\\) ", "$1 ");
        LocalPostgres server = new LocalPostgres(programs, data, port, runAs, version);
        server.initializeIfNew();
        if (!server.isRunning()) {
            server.launch(settings);
            return server;
        }
        // Left running by a run that was killed: use it where it listens.
        int running = server.runningPort();
        LOG.info("PostgreSQL already running from {} on 127.0.0.1:{}", data, running);
        return new LocalPostgres(programs, data, running, runAs, version);
    }

    /**
     * A server of its own for a test run: a new temporary folder, a free port, durability traded for speed (fsync
     * off). Closing it deletes the folder.
     */
    public static LocalPostgres throwaway() {
        Path folder;
        int port;
        try {
            folder = Files.createTempDirectory("conduit-test-postgres-");
            if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // Enterable by the unprivileged user the server runs as when this JVM is root.
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx--x--x"));
            }
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare a temporary PostgreSQL folder", e);
        }
        try {
            LocalPostgres server = start(folder.resolve("data"), port, Map.of("fsync", "off",
                    "synchronous_commit", "off", "full_page_writes", "off", "max_connections", "200"));
            server.ownedFolder = folder;
            return server;
        } catch (RuntimeException e) {
            PostgresBinaries.deleteTree(folder);
            throw e;
        }
    }

    /** The folder where unpacked PostgreSQL programs are kept, shared by all runs of this user. */
    static Path cacheFolder() {
        if (isRoot()) {
            // Not under /root: the unprivileged server user must be able to reach the programs.
            return Path.of("/var/tmp/conduit/cache");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("conduit");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The server's version, e.g. "PostgreSQL 16.15". */
    public String version() {
        return version;
    }

    /** Stops the server (fast shutdown: open sessions are ended, data is kept, unless it is a throwaway one). */
    @Override
    public void close() {
        if (isRunning()) {
            run(pgCtl("stop", "-m", "fast", "-w", "-t", "60"), runAs, dataDirectory);
        }
        if (ownedFolder != null) {
            PostgresBinaries.deleteTree(ownedFolder);
        }
    }

    private void initializeIfNew() {
        Path marker = dataDirectory.resolve("PG_VERSION");
        if (Files.exists(marker)) {
            checkMajorVersion(marker);
            return;
        }
        try {
            Files.createDirectories(dataDirectory);
            handToServerUser(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + dataDirectory, e);
        }
        if (!runAs.isEmpty() && exitCode(List.of("test", "-w", dataDirectory.toString()), runAs, null) != 0) {
            throw new IllegalStateException("PostgreSQL refuses to run as root, so it runs as " + UNPRIVILEGED_USER
                    + ", who cannot reach " + dataDirectory + ". Choose a folder under one every user can enter"
                    + " (CONDUIT_DEV_DB_DIR), or run as an ordinary user.");
        }
        LOG.info("Creating a PostgreSQL cluster in {} ({})", dataDirectory, version);
        run(List.of(program(programs, "initdb"), "-D", dataDirectory.toString(), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--no-locale", "--no-instructions"), runAs, dataDirectory);
    }

    private void checkMajorVersion(Path marker) {
        try {
            String major = Files.readString(marker, StandardCharsets.US_ASCII).trim();
            if (!version.matches("PostgreSQL " + major + "(\\.| |$).*")) {
                throw new IllegalStateException(dataDirectory + " holds a PostgreSQL " + major + " cluster, but the"
                        + " binaries are " + version + ". Delete the folder (its data is lost) or point"
                        + " CONDUIT_DEV_DB_DIR elsewhere.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port in postmaster.pid (its fourth line), where a server left running listens. */
    private int runningPort() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return Integer.parseInt(lines.get(3).trim());
        } catch (IOException | RuntimeException e) {
            return port;
        }
    }

    private boolean isRunning() {
        return exitCode(pgCtl("status"), runAs, dataDirectory) == 0;
    }

    private void launch(Map<String, String> settings) {
        if (answers(port)) {
            throw new IllegalStateException("Port " + port + " on 127.0.0.1 is taken by another program; choose"
                    + " another with CONDUIT_DEV_DB_PORT.");
        }
        StringBuilder options = new StringBuilder("-p " + port + " -c listen_addresses=127.0.0.1")
                .append(" -c unix_socket_directories=");
        // pg_ctl hands -o to a shell on Unix: an empty value must be quoted to survive it.
        options.append(isWindows() ? "\"\"" : "''");
        settings.forEach((name, value) -> options.append(" -c ").append(name).append('=').append(value));
        run(pgCtl("start", "-w", "-t", "60", "-l", dataDirectory.resolve("server.log").toString(),
                "-o", options.toString()), runAs, dataDirectory);
        LOG.info("Started {} on 127.0.0.1:{}, data in {}", version, port, dataDirectory);
    }

    private List<String> pgCtl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(program(programs, "pg_ctl"), "-D", dataDirectory.toString()));
        command.addAll(List.of(arguments));
        return command;
    }

    private void handToServerUser(Path folder) throws IOException {
        if (!runAs.isEmpty()) {
            run(List.of("chown", UNPRIVILEGED_USER + ":", folder.toString()), List.of(), null);
        }
    }

    private static String program(Path programs, String name) {
        return programs.resolve("bin").resolve(PostgresBinaries.executable(name)).toString();
    }

    public static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean isRoot() {
        if (isWindows()) {
            return false;
        }
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    private static boolean isWindows() {
        return System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("win");
    }

    private static List<String> unprivileged() {
        String uid = firstLine(run(List.of("id", "-u", UNPRIVILEGED_USER), List.of(), null));
        String gid = firstLine(run(List.of("id", "-g", UNPRIVILEGED_USER), List.of(), null));
        return List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--");
    }

    private static String run(List<String> command, List<String> prefix, Path directory) {
        Result result = execute(command, prefix, directory);
        if (result.exitCode != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + result.exitCode + "):\n"
                    + result.output);
        }
        return result.output;
    }

    private static int exitCode(List<String> command, List<String> prefix, Path directory) {
        return execute(command, prefix, directory).exitCode;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result execute(List<String> command, List<String> prefix, Path directory) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        // The server's own messages in plain English, whatever the developer's locale.
        builder.environment().put("LC_ALL", "C");
        Optional.ofNullable(directory).ifPresent(d -> builder.directory(d.toFile()));
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            // pg_ctl start leaves the server running with its output in server.log; its own output is short.
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish in 120 s");
            }
            return new Result(process.exitValue(), output.strip());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + String.join(" ", full), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", full), e);
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }
}
