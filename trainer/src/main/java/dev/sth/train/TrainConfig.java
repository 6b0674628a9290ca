package dev.sth.train;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import dev.sth.metrics.Distortion;
import dev.sth.model.NetworkConfig;

/**
 * Everything that defines a training run. Written to {@code config.properties} in the run folder
 * when the run starts, and read back by {@code --resume}, so a resumed run trains the same model.
 * {@code initFrom} names the run whose last checkpoint a fine-tuning run starts from ("" for none).
 */
public record TrainConfig(
        NetworkConfig network,
        Path data,
        int validationEvery,
        double downscale,
        int crop,
        int batch,
        int steps,
        int warmupSteps,
        int annealSteps,
        double sigma0,
        double sigma1,
        double learningRate,
        double decayFrom,
        Distortion distortion,
        double beta,
        double targetBpp,
        long seed,
        int logEvery,
        int validateEvery,
        int checkpointEvery,
        int validationCrop,
        String initFrom,
        WeightCompression weights,
        RateModel rate,
        int maxSide) {

    /** A run without a cap on image size (every run before the campaign). */
    public TrainConfig(NetworkConfig network, Path data, int validationEvery, double downscale, int crop, int batch,
                       int steps, int warmupSteps, int annealSteps, double sigma0, double sigma1, double learningRate,
                       double decayFrom, Distortion distortion, double beta, double targetBpp, long seed, int logEvery,
                       int validateEvery, int checkpointEvery, int validationCrop, String initFrom,
                       WeightCompression weights, RateModel rate) {
        this(network, data, validationEvery, downscale, crop, batch, steps, warmupSteps, annealSteps, sigma0, sigma1,
                learningRate, decayFrom, distortion, beta, targetBpp, seed, logEvery, validateEvery, checkpointEvery,
                validationCrop, initFrom, weights, rate, 0);
    }

    /** A run with the given network compression and the order-0 rate term. */
    public TrainConfig(NetworkConfig network, Path data, int validationEvery, double downscale, int crop, int batch,
                       int steps, int warmupSteps, int annealSteps, double sigma0, double sigma1, double learningRate,
                       double decayFrom, Distortion distortion, double beta, double targetBpp, long seed, int logEvery,
                       int validateEvery, int checkpointEvery, int validationCrop, String initFrom,
                       WeightCompression weights) {
        this(network, data, validationEvery, downscale, crop, batch, steps, warmupSteps, annealSteps, sigma0, sigma1,
                learningRate, decayFrom, distortion, beta, targetBpp, seed, logEvery, validateEvery, checkpointEvery,
                validationCrop, initFrom, weights, RateModel.ORDER0);
    }

    /** A run without network compression. */
    public TrainConfig(NetworkConfig network, Path data, int validationEvery, double downscale, int crop, int batch,
                       int steps, int warmupSteps, int annealSteps, double sigma0, double sigma1, double learningRate,
                       double decayFrom, Distortion distortion, double beta, double targetBpp, long seed, int logEvery,
                       int validateEvery, int checkpointEvery, int validationCrop, String initFrom) {
        this(network, data, validationEvery, downscale, crop, batch, steps, warmupSteps, annealSteps, sigma0, sigma1,
                learningRate, decayFrom, distortion, beta, targetBpp, seed, logEvery, validateEvery, checkpointEvery,
                validationCrop, initFrom, WeightCompression.NONE);
    }

    /** σ, hardMix, quantMix and learning rate at a step: warm-up, then anneal soft to hard. */
    public record Phase(double sigma, double hardMix, double quantMix, double learningRate) {
    }

    public Phase phase(int step) {
        double lr = step >= decayFrom * steps ? learningRate / 10 : learningRate;
        if (step < warmupSteps) return new Phase(sigma0, 0, 0, lr);
        double t = annealSteps <= 0 ? 1 : Math.min(1.0, (step - warmupSteps) / (double) annealSteps);
        double sigma = sigma0 * Math.pow(sigma1 / sigma0, t); // geometric: σ grows by a constant factor
        return new Phase(sigma, t, 1, lr);
    }

    public Properties toProperties() {
        Properties p = network.toProperties();
        p.setProperty("data", data.toString());
        p.setProperty("validationEvery", Integer.toString(validationEvery));
        p.setProperty("downscale", Double.toString(downscale));
        p.setProperty("crop", Integer.toString(crop));
        p.setProperty("batch", Integer.toString(batch));
        p.setProperty("steps", Integer.toString(steps));
        p.setProperty("warmupSteps", Integer.toString(warmupSteps));
        p.setProperty("annealSteps", Integer.toString(annealSteps));
        p.setProperty("sigma0", Double.toString(sigma0));
        p.setProperty("sigma1", Double.toString(sigma1));
        p.setProperty("learningRate", Double.toString(learningRate));
        p.setProperty("decayFrom", Double.toString(decayFrom));
        p.setProperty("distortion", distortion.name());
        p.setProperty("beta", Double.toString(beta));
        p.setProperty("targetBpp", Double.toString(targetBpp));
        p.setProperty("seed", Long.toString(seed));
        p.setProperty("logEvery", Integer.toString(logEvery));
        p.setProperty("validateEvery", Integer.toString(validateEvery));
        p.setProperty("checkpointEvery", Integer.toString(checkpointEvery));
        p.setProperty("validationCrop", Integer.toString(validationCrop));
        p.setProperty("initFrom", initFrom);
        weights.toProperties(p);
        p.setProperty("rate", rate.name());
        if (maxSide > 0) p.setProperty("maxSide", Integer.toString(maxSide));
        return p;
    }

    public static TrainConfig fromProperties(Properties p) {
        return new TrainConfig(
                NetworkConfig.fromProperties(p),
                Path.of(p.getProperty("data")),
                Integer.parseInt(p.getProperty("validationEvery")),
                Double.parseDouble(p.getProperty("downscale")),
                Integer.parseInt(p.getProperty("crop")),
                Integer.parseInt(p.getProperty("batch")),
                Integer.parseInt(p.getProperty("steps")),
                Integer.parseInt(p.getProperty("warmupSteps")),
                Integer.parseInt(p.getProperty("annealSteps")),
                Double.parseDouble(p.getProperty("sigma0")),
                Double.parseDouble(p.getProperty("sigma1")),
                Double.parseDouble(p.getProperty("learningRate")),
                Double.parseDouble(p.getProperty("decayFrom")),
                Distortion.valueOf(p.getProperty("distortion")),
                Double.parseDouble(p.getProperty("beta")),
                Double.parseDouble(p.getProperty("targetBpp")),
                Long.parseLong(p.getProperty("seed")),
                Integer.parseInt(p.getProperty("logEvery")),
                Integer.parseInt(p.getProperty("validateEvery")),
                Integer.parseInt(p.getProperty("checkpointEvery")),
                Integer.parseInt(p.getProperty("validationCrop")),
                p.getProperty("initFrom", ""),
                WeightCompression.fromProperties(p),
                RateModel.valueOf(p.getProperty("rate", RateModel.ORDER0.name())),
                Integer.parseInt(p.getProperty("maxSide", "0")));
    }

    /** The same run with another rate term. */
    public TrainConfig withRate(RateModel newRate) {
        return with("rate", newRate.name());
    }

    public TrainConfig withSteps(int newSteps) {
        return with("steps", Integer.toString(newSteps));
    }

    /** The same run reading its images from another folder (a resume on another machine). */
    public TrainConfig withData(Path newData) {
        return with("data", newData.toString());
    }

    /** The same run with images capped at {@code side} pixels on their long side after the downscale. */
    public TrainConfig withMaxSide(int side) {
        return with("maxSide", Integer.toString(side));
    }

    /** One setting changed, through the stored form, so that every field survives as a resume reads it. */
    private TrainConfig with(String key, String value) {
        Properties p = toProperties();
        p.setProperty(key, value);
        return fromProperties(p);
    }

    public void save(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            toProperties().store(w, "sth training run");
        }
    }

    public static TrainConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return fromProperties(p);
    }
}
