package dev.sth.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * One codec's rate-distortion curve in CompressAI's JSON schema:
 * {@code {"name", "description", "results": {"bpp": [...], "psnr-rgb": [...], ...}}}, one entry
 * per rate point, so our curves overlay published ones directly.
 */
public record RdCurve(String name, String description, Map<String, List<Double>> results) {

    public static final String BPP = "bpp";
    public static final String PSNR = "psnr-rgb";
    public static final String MS_SSIM = "ms-ssim";
    public static final String MS_SSIM_DB = "ms-ssim-db";
    public static final String ENCODING_TIME = "encoding_time";
    public static final String DECODING_TIME = "decoding_time";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static RdCurve empty(String name, String description) {
        return new RdCurve(name, description, new LinkedHashMap<>());
    }

    public void add(String metric, double value) {
        results.computeIfAbsent(metric, k -> new ArrayList<>()).add(value);
    }

    public List<Double> get(String metric) {
        return results.getOrDefault(metric, List.of());
    }

    public int size() {
        return get(BPP).size();
    }

    public void write(Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", name);
        root.put("description", description);
        root.put("results", results);
        JSON.writeValue(file.toFile(), root);
    }

    public static RdCurve read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        JsonNode res = root.get("results");
        if (res == null || !res.isObject()) throw new IOException(file + ": no \"results\" object (CompressAI schema expected)");
        Map<String, List<Double>> results = new LinkedHashMap<>();
        res.fields().forEachRemaining(e -> {
            List<Double> values = new ArrayList<>();
            if (e.getValue().isArray()) e.getValue().forEach(v -> values.add(v.asDouble()));
            results.put(e.getKey(), values);
        });
        if (!results.containsKey(BPP)) throw new IOException(file + ": results lack \"bpp\"");
        String name = root.has("name") ? root.get("name").asText() : file.getFileName().toString();
        String description = root.has("description") ? root.get("description").asText() : "";
        return new RdCurve(name, description, results);
    }
}
