package dev.sth.format;

/**
 * What the source image was: its size, channel count and bit depth, recorded even where the codec
 * only codes RGB, so that a decoder can give back an image of the same kind.
 *
 * @param width    pixels, 1..{@link Limits#MAX_SIDE}
 * @param height   pixels, 1..{@link Limits#MAX_SIDE}; width x height at most {@link Limits#MAX_PIXELS}
 * @param channels 1 = gray, 3 = RGB, 4 = RGBA
 * @param bitDepth 8 or 16 bits per sample
 */
public record ImageInfo(int width, int height, int channels, int bitDepth) {
    public ImageInfo {
        Checks.inRange("image width", width, 1, Limits.MAX_SIDE);
        Checks.inRange("image height", height, 1, Limits.MAX_SIDE);
        Checks.require((long) width * height <= Limits.MAX_PIXELS,
                "image " + width + "x" + height + " has " + (long) width * height
                        + " pixels, more than the limit of " + Limits.MAX_PIXELS);
        Checks.require(channels == 1 || channels == 3 || channels == 4,
                "image channel count " + channels + " is not 1 (gray), 3 (RGB) or 4 (RGBA)");
        Checks.require(bitDepth == 8 || bitDepth == 16, "image bit depth " + bitDepth + " is not 8 or 16");
    }

    public long pixels() {
        return (long) width * height;
    }
}
