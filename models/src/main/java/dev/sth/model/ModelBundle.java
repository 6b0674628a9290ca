package dev.sth.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.entropy.ContextPriors;
import dev.sth.format.CoderParams;
import dev.sth.format.ModelId;
import dev.sth.format.SthFormatException;

/**
 * A trained model as the encoder and decoder use it, stored as two tar archives (docs/MODELS.md):
 * <ul>
 *   <li>{@code synthesis.sthm}: config, quantizer centers, context priors and synthesis weights,
 *       i.e. everything decoding needs. The SHA-256 of this content is the model's identity,
 *       recorded in every .sth file.</li>
 *   <li>{@code analysis.sthm}: the analysis weights, which only the encoder needs.</li>
 * </ul>
 * The decoder jar ships only the first.
 */
public final class ModelBundle {

    public static final int FORMAT_VERSION = 1;
    public static final String SYNTHESIS_FILE = "synthesis.sthm";
    public static final String ANALYSIS_FILE = "analysis.sthm";
    private static final long MAX_ENTRY_BYTES = 256L << 20;

    private final String name;
    private final NetworkConfig network;
    private final CoderParams coder;
    private final float[] centers;
    private final ContextPriors priors;
    private final Map<String, INDArray> synthesis;
    private final Map<String, INDArray> analysis;
    private final Properties info;
    private final int weightType;
    private final Map<String, QuantizedWeights> quantized;
    private final byte[] synthesisTensors; // the stored forms, encoded once (quantized tensors are range coded)
    private final byte[] analysisTensors;   // null without the analysis half
    private final byte[] synthesisContent;
    private final ModelId id;

    private ModelBundle(String name, NetworkConfig network, CoderParams coder, float[] centers, ContextPriors priors,
                        Map<String, INDArray> synthesis, Map<String, INDArray> analysis, Properties info,
                        int weightType, Map<String, QuantizedWeights> quantized) throws IOException {
        this.name = name;
        this.network = network;
        this.coder = coder;
        this.centers = centers.clone();
        this.priors = priors;
        this.info = info;
        this.weightType = weightType;
        this.quantized = Map.copyOf(quantized);
        // Round-trip the weights through their stored form (float16, or quantized) so that a freshly
        // exported bundle computes exactly what the loaded one will.
        byte[] synthBytes = tensorBytes(synthesis, weightType, half(quantized, SthNetwork.SYNTHESIS));
        this.synthesis = TensorIO.read(new ByteArrayInputStream(synthBytes), name + " synthesis");
        byte[] anaBytes = analysis == null ? null
                : tensorBytes(analysis, weightType, half(quantized, SthNetwork.ANALYSIS));
        this.analysis = analysis == null ? null : TensorIO.read(new ByteArrayInputStream(anaBytes), name + " analysis");
        this.synthesisTensors = synthBytes;
        this.analysisTensors = anaBytes;
        this.synthesisContent = canonical(configText(), centerBytes(), priors.toBytes(), synthBytes);
        this.id = ModelId.hashing(name, synthesisContent);
    }

    /** Builds a bundle from trained arrays; parameters not named synthesis.* or analysis.* are ignored. */
    public static ModelBundle of(String name, NetworkConfig network, CoderParams coder, float[] centers,
                                 ContextPriors priors, Map<String, INDArray> params, Properties info,
                                 int weightType) throws IOException {
        return of(name, network, coder, centers, priors, params, Map.of(), info, weightType);
    }

    /**
     * As above, with some weights in compressed form (network compression, docs/MODELS.md): those named
     * in {@code quantized} are stored as entropy-coded center indices and run as centers[symbols].
     */
    public static ModelBundle of(String name, NetworkConfig network, CoderParams coder, float[] centers,
                                 ContextPriors priors, Map<String, INDArray> params,
                                 Map<String, QuantizedWeights> quantized, Properties info,
                                 int weightType) throws IOException {
        if (centers.length != network.centers() * network.vectorDim()) {
            throw new IllegalArgumentException("expected " + network.centers() + "×" + network.vectorDim()
                    + " centers, got " + centers.length + " values");
        }
        Map<String, INDArray> syn = new TreeMap<>();
        Map<String, INDArray> ana = new TreeMap<>();
        params.forEach((k, v) -> {
            if (k.startsWith(SthNetwork.SYNTHESIS)) syn.put(k, v);
            else if (k.startsWith(SthNetwork.ANALYSIS)) ana.put(k, v);
        });
        quantized.forEach((k, q) -> (k.startsWith(SthNetwork.SYNTHESIS) ? syn : ana).put(k, q.toArray()));
        return new ModelBundle(name, network, coder, centers, priors, syn, ana, info, weightType, quantized);
    }

    public String name() {
        return name;
    }

    public ModelId id() {
        return id;
    }

    public NetworkConfig network() {
        return network;
    }

    public CoderParams coder() {
        return coder;
    }

    public float[] centers() {
        return centers.clone();
    }

    public ContextPriors priors() {
        return priors;
    }

    /** Free-form facts about the model (family, level, training, measured results). */
    public Properties info() {
        Properties p = new Properties();
        p.putAll(info);
        return p;
    }

    /** The same model with other info (e.g. measured results); the identity does not change. */
    public ModelBundle withInfo(Properties newInfo) throws IOException {
        return new ModelBundle(name, network, coder, centers, priors, synthesis, analysis, newInfo, weightType, quantized);
    }

    /** The weights stored in compressed form (empty for a plain float16/float32 bundle). */
    public Map<String, QuantizedWeights> quantizedWeights() {
        return quantized;
    }

    /** Bytes of the stored weight tensors, both halves (or the synthesis half if loaded alone). */
    public long storedWeightBytes() {
        return synthesisTensors.length + (analysisTensors == null ? 0 : analysisTensors.length);
    }

    public boolean hasAnalysis() {
        return analysis != null;
    }

    public Map<String, INDArray> synthesisWeights() {
        return Collections.unmodifiableMap(synthesis);
    }

    public Map<String, INDArray> analysisWeights() {
        if (analysis == null) throw new IllegalStateException("model " + name + " was loaded without its analysis half");
        return Collections.unmodifiableMap(analysis);
    }

    /** Every parameter, analysis (if loaded) and synthesis. */
    public Map<String, INDArray> allWeights() {
        Map<String, INDArray> all = new LinkedHashMap<>();
        if (analysis != null) all.putAll(analysis);
        all.putAll(synthesis);
        return all;
    }

    public Transform newAnalysis() {
        return Transform.analysis(network, analysisWeights());
    }

    public Transform newSynthesis() {
        return Transform.synthesis(network, synthesis);
    }

    // ---- storage -------------------------------------------------------------------------------

    /** Writes {@code dir/synthesis.sthm} and, if present, {@code dir/analysis.sthm}, atomically each. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, byte[]> syn = new LinkedHashMap<>();
        syn.put("model.properties", propertiesBytes(bundleProperties()));
        syn.put("centers.tensors", centerBytes());
        syn.put("priors.bin", priors.toBytes());
        syn.put("synthesis.tensors", synthesisTensors);
        writeTar(dir.resolve(SYNTHESIS_FILE), syn);
        if (analysis != null) {
            Properties p = new Properties();
            p.setProperty("format", Integer.toString(FORMAT_VERSION));
            p.setProperty("name", name);
            p.setProperty("pairs.sha256", id.sha256Hex());
            Map<String, byte[]> ana = new LinkedHashMap<>();
            ana.put("model.properties", propertiesBytes(p));
            ana.put("analysis.tensors", analysisTensors);
            writeTar(dir.resolve(ANALYSIS_FILE), ana);
        }
    }

    /** Loads a bundle folder; {@code withAnalysis} false reads only the synthesis half. */
    public static ModelBundle load(Path dir, boolean withAnalysis) throws IOException {
        try (InputStream syn = Files.newInputStream(dir.resolve(SYNTHESIS_FILE));
             InputStream ana = withAnalysis ? Files.newInputStream(dir.resolve(ANALYSIS_FILE)) : null) {
            return read(syn, ana, dir.toString());
        }
    }

    /** Reads the two halves from streams (e.g. class-path resources); {@code analysisIn} may be null. */
    public static ModelBundle read(InputStream synthesisIn, InputStream analysisIn, String source) throws IOException {
        NativeRuntime.require(); // the weights become ND4J arrays: fail here, with a message, if ND4J cannot run
        Map<String, byte[]> syn = readTar(synthesisIn, source + "/" + SYNTHESIS_FILE);
        Properties p = loadProperties(require(syn, "model.properties", source));
        int format = Integer.parseInt(p.getProperty("format", "0"));
        if (format != FORMAT_VERSION) {
            throw new IOException(source + ": model bundle format " + format + " is not supported (expected "
                    + FORMAT_VERSION + ")");
        }
        String name = p.getProperty("name");
        NetworkConfig network = NetworkConfig.fromProperties(p);
        CoderParams coder = new CoderParams(intProp(p, "coder.contextModel"), intProp(p, "coder.increment"),
                intProp(p, "coder.maxTotal"));
        int weightType = intProp(p, "weights.dtype");
        Map<String, INDArray> centersT = TensorIO.read(new ByteArrayInputStream(require(syn, "centers.tensors", source)), source);
        INDArray c = centersT.get("centers");
        if (c == null) throw new IOException(source + ": centers.tensors has no 'centers'");
        ContextPriors priors;
        try {
            priors = ContextPriors.fromBytes(require(syn, "priors.bin", source));
        } catch (SthFormatException e) {
            throw new IOException(source + ": context priors are corrupt: " + e.getMessage(), e);
        }
        TensorIO.Contents synT = TensorIO.readAll(new ByteArrayInputStream(require(syn, "synthesis.tensors", source)), source);
        Map<String, INDArray> synthesis = synT.arrays();
        Map<String, QuantizedWeights> quantized = new HashMap<>(synT.quantized());
        Map<String, INDArray> analysis = null;
        if (analysisIn != null) {
            Map<String, byte[]> ana = readTar(analysisIn, source + "/" + ANALYSIS_FILE);
            TensorIO.Contents anaT = TensorIO.readAll(new ByteArrayInputStream(require(ana, "analysis.tensors", source)), source);
            analysis = anaT.arrays();
            quantized.putAll(anaT.quantized());
            Properties ap = loadProperties(require(ana, "model.properties", source));
            String pairs = ap.getProperty("pairs.sha256", "");
            if (!pairs.equals(p.getProperty("sha256"))) {
                throw new IOException(source + ": analysis half belongs to model " + pairs + ", not " + p.getProperty("sha256"));
            }
        }
        Properties info = new Properties();
        p.stringPropertyNames().stream().filter(k -> k.startsWith("info.")).forEach(k -> info.setProperty(k.substring(5), p.getProperty(k)));
        ModelBundle b = new ModelBundle(name, network, coder, c.data().asFloat(), priors, synthesis, analysis, info,
                weightType, quantized);
        if (!b.id.sha256Hex().equals(p.getProperty("sha256"))) {
            throw new IOException(source + ": model content hash " + b.id.sha256Hex() + " does not match the recorded "
                    + p.getProperty("sha256") + " (corrupt bundle)");
        }
        return b;
    }

    private Properties bundleProperties() {
        Properties p = network.toProperties();
        p.setProperty("format", Integer.toString(FORMAT_VERSION));
        p.setProperty("name", name);
        p.setProperty("sha256", id.sha256Hex());
        p.setProperty("coder.contextModel", Integer.toString(coder.contextModelId()));
        p.setProperty("coder.increment", Integer.toString(coder.increment()));
        p.setProperty("coder.maxTotal", Integer.toString(coder.maxTotal()));
        p.setProperty("weights.dtype", Integer.toString(weightType));
        info.stringPropertyNames().forEach(k -> p.setProperty("info." + k, info.getProperty(k)));
        return p;
    }

    /** The decoder-relevant configuration, in a fixed order: part of the hashed content. */
    private String configText() {
        return "network.channels=" + network.channels() + "\n"
                + "network.residualBlocks=" + network.residualBlocks() + "\n"
                + "network.latentChannels=" + network.latentChannels() + "\n"
                + "quantizer.centers=" + network.centers() + "\n"
                + "quantizer.vectorDim=" + network.vectorDim() + "\n"
                // Only non-ReLU networks add a line, so the content hash of every ReLU model is unchanged.
                + (network.nonlinearity() == NetworkConfig.Nonlinearity.RELU ? ""
                        : "network.nonlinearity=" + network.nonlinearity().key() + "\n")
                + "coder.contextModel=" + coder.contextModelId() + "\n"
                + "coder.increment=" + coder.increment() + "\n"
                + "coder.maxTotal=" + coder.maxTotal() + "\n";
    }

    private byte[] centerBytes() throws IOException {
        Map<String, INDArray> m = Map.of("centers",
                Nd4j.create(centers, new long[] {network.centers(), network.vectorDim()}, 'c'));
        return tensorBytes(m, TensorIO.FLOAT32);
    }

    private static byte[] canonical(String config, byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("sth-model-v" + FORMAT_VERSION + "\n").getBytes(StandardCharsets.UTF_8));
        out.write(config.getBytes(StandardCharsets.UTF_8));
        for (byte[] part : parts) {
            out.write(Integer.toString(part.length).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            out.write(part);
        }
        return out.toByteArray();
    }

    private static byte[] tensorBytes(Map<String, INDArray> tensors, int dtype) throws IOException {
        return tensorBytes(tensors, dtype, Map.of());
    }

    private static byte[] tensorBytes(Map<String, INDArray> tensors, int dtype, Map<String, QuantizedWeights> quantized)
            throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TensorIO.write(b, new TreeMap<>(tensors), dtype, quantized);
        return b.toByteArray();
    }

    private static Map<String, QuantizedWeights> half(Map<String, QuantizedWeights> quantized, String prefix) {
        Map<String, QuantizedWeights> out = new TreeMap<>();
        quantized.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k, v);
        });
        return out;
    }

    private static void writeTar(Path file, Map<String, byte[]> entries) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                entry.setModTime(0); // reproducible archives
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, byte[]> readTar(InputStream in, String source) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.getSize() > MAX_ENTRY_BYTES) throw new IOException(source + ": entry " + e.getName() + " is too large");
                entries.put(e.getName(), tar.readAllBytes());
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": not a valid model archive: " + e.getMessage(), e);
        }
        return entries;
    }

    private static byte[] require(Map<String, byte[]> entries, String name, String source) throws IOException {
        byte[] b = entries.get(name);
        if (b == null) throw new IOException(source + ": model archive lacks " + name);
        return b;
    }

    private static byte[] propertiesBytes(Properties p) throws IOException {
        StringWriter w = new StringWriter();
        // Sorted keys, no timestamp comment: the same model always gives the same bytes.
        for (String k : new TreeMap<>(toMap(p)).keySet()) {
            Properties one = new Properties();
            one.setProperty(k, p.getProperty(k));
            StringWriter line = new StringWriter();
            one.store(line, null);
            line.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> w.write(l + "\n"));
        }
        return w.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    private static Properties loadProperties(byte[] b) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(new String(b, StandardCharsets.ISO_8859_1)));
        return p;
    }

    private static int intProp(Properties p, String key) throws IOException {
        try {
            return Integer.parseInt(p.getProperty(key));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IOException("model property '" + key + "' is missing or not an integer");
        }
    }
}
