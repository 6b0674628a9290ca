package dev.sth.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.sth.model.TensorIO;

/**
 * A training checkpoint: parameters, centers and Adam moments in float32, the step, the cumulative
 * training wall and CPU time, and the learned rate tables of a context-rate run (empty otherwise). Written
 * to a temporary file and renamed, so a run killed mid-write keeps its previous checkpoint.
 */
public record Checkpoint(long step, boolean centersInitialised, double wallSeconds, double cpuSeconds,
                         Map<String, INDArray> params,
                         Map<String, INDArray> adam, Map<String, INDArray> rate) {

    /** A checkpoint without wall time or rate tables. */
    public Checkpoint(long step, boolean centersInitialised, Map<String, INDArray> params, Map<String, INDArray> adam) {
        this(step, centersInitialised, 0, 0, params, adam, Map.of());
    }

    public static final String FILE = "checkpoint.tar";
    /** The compact form, for committing: see {@link #saveCompact}. */
    public static final String COMPACT_FILE = "checkpoint.compact.tar";

    /**
     * A smaller copy for the repository: parameters and rate tables exactly (float32), Adam's moments in
     * float16 relative to each tensor's largest magnitude, the second moment as its square root so that
     * its wide range survives (a zero there would turn Adam's next step into lr·m/ε). About 40% of the
     * full checkpoint; what resuming from it costs is measured in docs/RESULTS.md.
     */
    public void saveCompact(Path file) throws IOException {
        Map<String, INDArray> moments = new java.util.TreeMap<>();
        Properties scales = new Properties();
        for (Map.Entry<String, INDArray> e : adam.entrySet()) {
            boolean second = e.getKey().startsWith("v.");
            INDArray a = second ? org.nd4j.linalg.ops.transforms.Transforms.sqrt(e.getValue(), true) : e.getValue();
            double scale = a.amaxNumber().doubleValue();
            scales.setProperty(e.getKey(), Double.toString(scale));
            moments.put(e.getKey(), scale > 0 ? a.div(scale) : a.dup());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            put(tar, "state.properties", stateBytes());
            put(tar, "params.tensors", tensors(params));
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            TensorIO.write(b, moments, TensorIO.FLOAT16);
            put(tar, "adam.float16.tensors", b.toByteArray());
            put(tar, "adam.scales.properties", dateless(scales, "per-tensor scale of each moment (the second moment's square root)"));
            if (!rate.isEmpty()) put(tar, "rate.tensors", tensors(rate));
            tar.finish();
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads {@link #saveCompact}'s form back; the moments are as close as float16 keeps them. */
    public static Checkpoint loadCompact(Path file) throws IOException {
        Map<String, byte[]> entries = entries(file);
        for (String name : new String[] {"state.properties", "params.tensors", "adam.float16.tensors", "adam.scales.properties"}) {
            if (!entries.containsKey(name)) throw new IOException(file + ": compact checkpoint lacks " + name);
        }
        Properties scales = new Properties();
        scales.load(new ByteArrayInputStream(entries.get("adam.scales.properties")));
        Map<String, INDArray> adam = new java.util.LinkedHashMap<>();
        TensorIO.read(new ByteArrayInputStream(entries.get("adam.float16.tensors")), file + "!adam.float16.tensors")
                .forEach((k, a) -> {
                    String scale = scales.getProperty(k);
                    if (scale == null) throw new IllegalStateException(file + ": no scale for moment " + k);
                    INDArray v = a.mul(Double.parseDouble(scale));
                    adam.put(k, k.startsWith("v.") ? v.muli(v) : v);
                });
        // Where the second moment fell below float16's range, the first can be left non-zero; drop it
        // there, so that the first resumed step is not lr·m/ε.
        adam.forEach((k, m) -> {
            INDArray v = k.startsWith("m.") ? adam.get("v." + k.substring(2)) : null;
            if (v != null) m.muli(v.gt(0).castTo(m.dataType()));
        });
        return of(file, entries, adam);
    }

    public void save(Path runDir) throws IOException {
        Path tmp = runDir.resolve(FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            put(tar, "state.properties", stateBytes());
            put(tar, "params.tensors", tensors(params));
            put(tar, "adam.tensors", tensors(adam));
            if (!rate.isEmpty()) put(tar, "rate.tensors", tensors(rate));
            tar.finish();
        }
        Files.move(tmp, runDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Checkpoint load(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        Map<String, byte[]> entries = entries(file);
        if (!entries.containsKey("adam.tensors")) throw new IOException(file + ": checkpoint lacks adam.tensors");
        return of(file, entries, TensorIO.read(new ByteArrayInputStream(entries.get("adam.tensors")), file + "!adam.tensors"));
    }

    private static Map<String, byte[]> entries(Path file) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(file);
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) entries.put(e.getName(), tar.readAllBytes());
        }
        for (String name : new String[] {"state.properties", "params.tensors"}) {
            if (!entries.containsKey(name)) throw new IOException(file + ": checkpoint lacks " + name);
        }
        return entries;
    }

    private static Checkpoint of(Path file, Map<String, byte[]> entries, Map<String, INDArray> adam) throws IOException {
        Properties state = new Properties();
        state.load(new ByteArrayInputStream(entries.get("state.properties")));
        byte[] rate = entries.get("rate.tensors");
        return new Checkpoint(
                Long.parseLong(state.getProperty("step")),
                Boolean.parseBoolean(state.getProperty("centersInitialised")),
                Double.parseDouble(state.getProperty("wallSeconds", "0")),
                Double.parseDouble(state.getProperty("cpuSeconds", "0")),
                TensorIO.read(new ByteArrayInputStream(entries.get("params.tensors")), file + "!params.tensors"),
                adam,
                rate == null ? Map.of() : TensorIO.read(new ByteArrayInputStream(rate), file + "!rate.tensors"));
    }

    private byte[] stateBytes() throws IOException {
        Properties state = new Properties();
        state.setProperty("step", Long.toString(step));
        state.setProperty("centersInitialised", Boolean.toString(centersInitialised));
        state.setProperty("wallSeconds", Double.toString(wallSeconds));
        state.setProperty("cpuSeconds", Double.toString(cpuSeconds));
        return dateless(state, "sth checkpoint");
    }

    /** {@link Properties#store}'s form without the date line it writes, its entries sorted: no clock in the bytes. */
    private static byte[] dateless(Properties p, String comment) throws IOException {
        StringWriter w = new StringWriter();
        p.store(w, null); // its first line is the date
        List<String> lines = new ArrayList<>(w.toString().lines().skip(1).sorted().toList());
        lines.add(0, "#" + comment);
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] tensors(Map<String, INDArray> t) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TensorIO.write(b, t, TensorIO.FLOAT32);
        return b.toByteArray();
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        // No clock in the bytes: the same state gives the same file, so re-committing a snapshot that has
        // not changed adds nothing to the repository.
        e.setModTime(0);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
