package dev.sth.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Makes sure ND4J's native code can run before anything touches it, and turns every way it cannot into
 * one {@link NativeUnavailableException} that names the platform or the folder and what to do, instead
 * of an {@code UnsatisfiedLinkError} from deep inside the loader. The outcome is decided once per JVM.
 *
 * <p>The jars carry the native build of one platform ({@code sth/native.properties}, written by the
 * build; README, "Where it runs"). On first use JavaCPP unpacks it (about 440 MB) into
 * {@value #CACHE_PROPERTY} when that system property is set, else {@code ~/.javacpp/cache}; JavaCPP goes on
 * to the next of these, and then to the temporary folder, when one cannot be created.
 */
public final class NativeRuntime {

    /** System property: the folder to unpack the native libraries into (JavaCPP's cache). */
    public static final String CACHE_PROPERTY = "sth.native.cache";
    private static final String JAVACPP_CACHE = "org.bytedeco.javacpp.cachedir";

    private static boolean ready;
    private static NativeUnavailableException failure;

    private NativeRuntime() {
    }

    /** Returns when ND4J can run here; else throws, now and on every later call, with the same message. */
    public static synchronized void require() throws NativeUnavailableException {
        if (ready) return;
        if (failure == null) failure = check();
        if (failure != null) throw new NativeUnavailableException(failure.getMessage(), failure.getCause());
        ready = true;
    }

    private static NativeUnavailableException check() {
        String cache = System.getProperty(CACHE_PROPERTY);
        if (cache != null && !cache.isBlank() && System.getProperty(JAVACPP_CACHE) == null) {
            System.setProperty(JAVACPP_CACHE, cache);
        }
        Properties built = builtFor();
        String platform = Loader.getPlatform();
        String jarPlatform = built.getProperty("platform", "linux-x86_64");
        String classifier = built.getProperty("nd4j.classifier", jarPlatform);
        String machine = platform + " (" + System.getProperty("os.name") + ", " + System.getProperty("os.arch") + ")";
        if (!platform.equals(jarPlatform)) {
            return new NativeUnavailableException("these sth jars carry ND4J's native code for " + jarPlatform
                    + " only, and this machine is " + machine + "; build them for it with " + build(platform)
                    + " (README, \"Where it runs\")", null);
        }
        String missing = missingCpuFeature(classifier);
        if (missing != null) {
            return new NativeUnavailableException("these sth jars carry ND4J's " + classifier + " build, which needs a CPU with "
                    + missing.toUpperCase(Locale.ROOT) + ", and this one has none; build them with " + build(platform + "-baseline")
                    + " (README, \"Where it runs\")", null);
        }
        try {
            Nd4j.getBackend();
            Nd4j.scalar(1f).close();
            return null;
        } catch (LinkageError | RuntimeException e) {
            return diagnose(e, machine);
        }
    }

    /** The build command for a platform: the default build for linux-x86_64, else its profile. */
    private static String build(String platform) {
        return platform.equals("linux-x86_64") ? "the default build, mvn install" : "mvn -Pplatform-" + platform + " install";
    }

    private static NativeUnavailableException diagnose(Throwable e, String machine) {
        String cache = String.join(", ", cacheFolders());
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("Could not create the cache") || m.contains("cachedir")) {
                return new NativeUnavailableException("cannot unpack ND4J's native libraries (about 440 MB): none of the folders "
                        + cache + " can be written; point -D" + CACHE_PROPERTY + "=FOLDER at a writable folder", e);
            }
        }
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        return new NativeUnavailableException("ND4J's native code does not load on " + machine + " (cache folders " + cache
                + "): " + root.getClass().getSimpleName() + ": " + root.getMessage(), e);
    }

    /** The folders JavaCPP tries to unpack into, in its order: the property, the home folder, the temporary folder. */
    static List<String> cacheFolders() {
        List<String> dirs = new ArrayList<>();
        String dir = System.getProperty(JAVACPP_CACHE);
        if (dir != null) dirs.add(dir);
        dirs.add(Path.of(System.getProperty("user.home"), ".javacpp", "cache").toString());
        dirs.add(Path.of(System.getProperty("java.io.tmpdir"), ".javacpp-" + System.getProperty("user.name"), "cache").toString());
        return dirs;
    }

    /** The instruction set an {@code -avx2} / {@code -avx512} build needs and this Linux CPU lacks; null if none or unknown. */
    private static String missingCpuFeature(String classifier) {
        String need = classifier.endsWith("avx512") ? "avx512f" : classifier.endsWith("avx2") ? "avx2" : null;
        if (need == null) return null;
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) return null;
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("flags")) return (" " + line.substring(line.indexOf(':') + 1) + " ").contains(" " + need + " ") ? null : need;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static Properties builtFor() {
        Properties p = new Properties();
        try (InputStream in = NativeRuntime.class.getResourceAsStream("/sth/native.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // Unknown: assume the default build.
        }
        return p;
    }
}
