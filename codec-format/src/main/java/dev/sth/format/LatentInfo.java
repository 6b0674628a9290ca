package dev.sth.format;

/**
 * The shape of the network's bottleneck and of its quantizer.
 *
 * <p>The analysis transform turns an H x W image into a C x ceil(H/stride) x ceil(W/stride) latent;
 * the quantizer groups every d consecutive channels at one position into a vector and replaces it by
 * the index of its nearest center, one of L. The coded symbol tensor is therefore
 * (C/d) x ceil(H/stride) x ceil(W/stride) symbols in [0, L).
 *
 * @param stride         total downsampling factor of the analysis transform, 1..{@link Limits#MAX_STRIDE}
 * @param latentChannels C, 1..{@link Limits#MAX_LATENT_CHANNELS}
 * @param vectorDim      d, the quantizer's vector dimension; C % d == 0
 * @param alphabetSize   L, the number of centers, {@link Limits#MIN_ALPHABET_SIZE}..{@link Limits#MAX_ALPHABET_SIZE}
 */
public record LatentInfo(int stride, int latentChannels, int vectorDim, int alphabetSize) {
    public LatentInfo {
        Checks.inRange("stride", stride, 1, Limits.MAX_STRIDE);
        Checks.inRange("latent channel count C", latentChannels, 1, Limits.MAX_LATENT_CHANNELS);
        Checks.inRange("vector dimension d", vectorDim, 1, latentChannels);
        Checks.require(latentChannels % vectorDim == 0,
                "latent channel count C = " + latentChannels + " is not a multiple of the vector dimension d = " + vectorDim);
        Checks.inRange("alphabet size L", alphabetSize, Limits.MIN_ALPHABET_SIZE, Limits.MAX_ALPHABET_SIZE);
    }

    /** C / d: channels of the symbol tensor. */
    public int symbolChannels() {
        return latentChannels / vectorDim;
    }

    /** The symbol tensor shape an image of this size implies. */
    public SymbolShape symbolShape(ImageInfo image) {
        return new SymbolShape(symbolChannels(), ceilDiv(image.height(), stride), ceilDiv(image.width(), stride));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
