// One Argon2id hash at the service's parameters (m = 19 MiB, t = 2, p = 1), measured alone on one thread: the
// reference for the login's JVM CPU in bench/run.sh. Ours (conduit.user.Argon2id, reached by reflection: it is
// package-private) with one reused area, and Bouncy Castle's generator, which allocates its memory per hash.
//
//   java -XX:+UseSerialGC -Xmx128m -cp target/conduit-api.jar bench/HashAlone.java [hashes]
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

public class HashAlone {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        Class<?> parametersType = Class.forName("conduit.user.Argon2id$Parameters");
        Constructor<?> newParameters = parametersType.getDeclaredConstructor(int.class, int.class, int.class, int.class);
        newParameters.setAccessible(true);
        Object parameters = newParameters.newInstance(19 * 1024, 2, 1, 32);
        Class<?> type = Class.forName("conduit.user.Argon2id");
        Constructor<?> newHasher = type.getDeclaredConstructor(long[].class);
        newHasher.setAccessible(true);
        Object ours = newHasher.newInstance((Object) new long[19 * 1024 * 128]);
        Method hash = type.getDeclaredMethod("hash", parametersType, byte[].class, byte[].class);
        hash.setAccessible(true);
        byte[] password = "a password of some length".getBytes();
        byte[] salt = new byte[16];
        measure("ours (one reused area)", n, () -> hash.invoke(ours, parameters, password, salt));
        measure("Bouncy Castle (memory per hash)", n, () -> {
            var generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(19 * 1024).withIterations(2).withParallelism(1).withSalt(salt).build());
            generator.generateBytes(password, new byte[32]);
            return null;
        });
    }

    interface Work { Object run() throws Exception; }

    static void measure(String label, int n, Work work) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var system = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < Math.max(10, n / 4); i++) work.run();   // warm-up: JIT
        long cpu0 = threads.getCurrentThreadCpuTime(), process0 = system.getProcessCpuTime(), wall0 = System.nanoTime();
        long bytes0 = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < n; i++) work.run();
        long cpu = threads.getCurrentThreadCpuTime() - cpu0, process = system.getProcessCpuTime() - process0;
        long wall = System.nanoTime() - wall0, bytes = threads.getCurrentThreadAllocatedBytes() - bytes0;
        System.out.printf("%-34s %6.1f ms wall, %6.1f ms thread CPU, %6.1f ms JVM CPU (GC included), %8.1f KiB allocated per hash (%d hashes)%n",
                label, wall / 1e6 / n, cpu / 1e6 / n, process / 1e6 / n, bytes / 1024.0 / n, n);
    }
}
