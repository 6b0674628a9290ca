package dev.sth.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
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

    public void save(Path runDir) throws IOException {
        Path tmp = runDir.resolve(FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            Properties state = new Properties();
            state.setProperty("step", Long.toString(step));
            state.setProperty("centersInitialised", Boolean.toString(centersInitialised));
            state.setProperty("wallSeconds", Double.toString(wallSeconds));
            state.setProperty("cpuSeconds", Double.toString(cpuSeconds));
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            state.store(s, "sth checkpoint");
            put(tar, "state.properties", s.toByteArray());
            put(tar, "params.tensors", tensors(params));
            put(tar, "adam.tensors", tensors(adam));
            if (!rate.isEmpty()) put(tar, "rate.tensors", tensors(rate));
            tar.finish();
        }
        Files.move(tmp, runDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Checkpoint load(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(file);
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) entries.put(e.getName(), tar.readAllBytes());
        }
        for (String name : new String[] {"state.properties", "params.tensors", "adam.tensors"}) {
            if (!entries.containsKey(name)) throw new IOException(file + ": checkpoint lacks " + name);
        }
        Properties state = new Properties();
        state.load(new ByteArrayInputStream(entries.get("state.properties")));
        byte[] rate = entries.get("rate.tensors");
        return new Checkpoint(
                Long.parseLong(state.getProperty("step")),
                Boolean.parseBoolean(state.getProperty("centersInitialised")),
                Double.parseDouble(state.getProperty("wallSeconds", "0")),
                Double.parseDouble(state.getProperty("cpuSeconds", "0")),
                TensorIO.read(new ByteArrayInputStream(entries.get("params.tensors")), file + "!params.tensors"),
                TensorIO.read(new ByteArrayInputStream(entries.get("adam.tensors")), file + "!adam.tensors"),
                rate == null ? Map.of() : TensorIO.read(new ByteArrayInputStream(rate), file + "!rate.tensors"));
    }

    private static byte[] tensors(Map<String, INDArray> t) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TensorIO.write(b, t, TensorIO.FLOAT32);
        return b.toByteArray();
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
