package dev.sth.model;

import java.util.Properties;

/**
 * Shape of one sth autoencoder: everything needed to rebuild its graph, nothing about training.
 *
 * @param channels      N, the width of the hidden layers
 * @param residualBlocks R, the residual blocks (3×3) at 1/4 resolution, on each side
 * @param latentChannels C, channels of the w/8 × h/8 bottleneck
 * @param centers       L, the number of quantization centers
 * @param vectorDim     d, latent values per quantized vector (grouped along channels; C % d == 0)
 * @param nonlinearity  between the stages of both transforms: ReLU, or GDN in the analysis and inverse
 *                      GDN in the synthesis ({@link Gdn})
 */
public record NetworkConfig(int channels, int residualBlocks, int latentChannels, int centers, int vectorDim,
                            Nonlinearity nonlinearity) {

    /** The nonlinearity between stages; the residual blocks use ReLU inside in both cases. */
    public enum Nonlinearity {
        RELU, GDN;

        /** The properties value: {@code relu} or {@code gdn}. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Nonlinearity parse(String v) {
            for (Nonlinearity n : values()) if (n.key().equals(v.trim())) return n;
            throw new IllegalArgumentException("model config 'network.nonlinearity' must be relu or gdn, got " + v);
        }
    }

    /** Downsampling factor of the analysis transform: three stride-2 convolutions. */
    public static final int STRIDE = 8;

    /** A ReLU network: every model trained before GDN existed. */
    public NetworkConfig(int channels, int residualBlocks, int latentChannels, int centers, int vectorDim) {
        this(channels, residualBlocks, latentChannels, centers, vectorDim, Nonlinearity.RELU);
    }

    public NetworkConfig {
        require(nonlinearity != null, "nonlinearity must be given");
        require(channels >= 1 && channels <= 1024, "channels (N) must be in 1..1024, got " + channels);
        require(residualBlocks >= 0 && residualBlocks <= 32, "residual blocks (R) must be in 0..32, got " + residualBlocks);
        require(latentChannels >= 1 && latentChannels <= 1024, "latent channels (C) must be in 1..1024, got " + latentChannels);
        require(centers >= 2 && centers <= 1024, "centers (L) must be in 2..1024, got " + centers);
        require(vectorDim >= 1 && vectorDim <= 16, "vector dimension (d) must be in 1..16, got " + vectorDim);
        require(latentChannels % vectorDim == 0, "latent channels C=" + latentChannels + " is not a multiple of d=" + vectorDim);
    }

    /** Channels of the symbol tensor: one symbol per d-vector. */
    public int symbolChannels() {
        return latentChannels / vectorDim;
    }

    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("network.channels", Integer.toString(channels));
        p.setProperty("network.residualBlocks", Integer.toString(residualBlocks));
        p.setProperty("network.latentChannels", Integer.toString(latentChannels));
        p.setProperty("quantizer.centers", Integer.toString(centers));
        p.setProperty("quantizer.vectorDim", Integer.toString(vectorDim));
        // Absent means ReLU, so bundles and runs from before GDN read unchanged and re-export identically.
        if (nonlinearity != Nonlinearity.RELU) p.setProperty("network.nonlinearity", nonlinearity.key());
        return p;
    }

    public static NetworkConfig fromProperties(Properties p) {
        return new NetworkConfig(
                intProp(p, "network.channels"),
                intProp(p, "network.residualBlocks"),
                intProp(p, "network.latentChannels"),
                intProp(p, "quantizer.centers"),
                intProp(p, "quantizer.vectorDim"),
                Nonlinearity.parse(p.getProperty("network.nonlinearity", Nonlinearity.RELU.key())));
    }

    /** The same network with another number of latent channels. */
    public NetworkConfig withLatentChannels(int c) {
        return new NetworkConfig(channels, residualBlocks, c, centers, vectorDim, nonlinearity);
    }

    private static int intProp(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) throw new IllegalArgumentException("model config lacks '" + key + "'");
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model config '" + key + "' is not an integer: " + v);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
