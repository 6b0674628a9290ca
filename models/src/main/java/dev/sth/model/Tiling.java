package dev.sth.model;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.entropy.SymbolTensor;
import dev.sth.model.NetworkConfig;
import dev.sth.model.Transform;

/**
 * Runs the analysis and synthesis transforms over an image of any size in tiles, so memory stays
 * bounded for large photos. Each tile is extended by a margin larger than the transform's
 * receptive field and only its inner part is kept, so the tiled result equals the untiled one up
 * to floating-point noise: no seams, and the bitstream does not know tiles exist.
 *
 * <p>Sizes that are not multiples of the stride are padded by repeating the last row and column
 * (which costs fewer bits than zeros) and cropped back on decode.
 */
public final class Tiling {

    /** Inner tile size in latent units (1024 px): a Kodak image is one tile. */
    public static final int TILE = 128;
    /**
     * System property: the inner tile size in latent units (8 px each), 16..1024. Smaller tiles bound the
     * memory of a transform more tightly and cost more margin computation.
     */
    public static final String TILE_PROPERTY = "sth.tile.latents";
    /** Analysis margin in latent units (64 px): more than half its receptive field (~90 px). */
    public static final int ANALYSIS_MARGIN = 8;
    /** Synthesis margin in latent units: more than half its receptive field (~3 latents). */
    public static final int SYNTHESIS_MARGIN = 4;

    private static final int S = NetworkConfig.STRIDE;

    private final int tile;
    /** Tiles synthesised so far: what a region read saves is visible (bench, tests). */
    private long synthesisedTiles;

    /** Tiles of {@value #TILE} latents, or of {@value #TILE_PROPERTY} when that is set. */
    public Tiling() {
        this(configuredTile());
    }

    private static int configuredTile() {
        String v = System.getProperty(TILE_PROPERTY);
        if (v == null) return TILE;
        try {
            int t = Integer.parseInt(v.trim());
            if (t >= 16 && t <= 1024) return t;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(TILE_PROPERTY + "=" + v + ": must be a whole number of latents in 16..1024");
    }

    /** A smaller tile, for tests that check tiled equals untiled. */
    public Tiling(int tileLatents) {
        if (tileLatents < 1) throw new IllegalArgumentException("tile must be at least one latent");
        this.tile = tileLatents;
    }

    /** How many tiles this instance has run the synthesis transform on. */
    public long synthesisedTiles() {
        return synthesisedTiles;
    }

    public static int latentSize(int pixels) {
        return (pixels + S - 1) / S;
    }

    /**
     * Latent of an 8-bit RGB image (TYPE_INT_RGB), laid out [C][lh][lw].
     */
    public float[] analyse(BufferedImage rgb, Transform analysis, int channels) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int lw = latentSize(w);
        int lh = latentSize(h);
        float[] z = new float[channels * lh * lw];
        for (int ty = 0; ty < lh; ty += tile) {
            for (int tx = 0; tx < lw; tx += tile) {
                Tile t = tile(ty, tx, lh, lw, ANALYSIS_MARGIN);
                int iy1 = t.iy1(), ix1 = t.ix1(), oy0 = t.oy0(), ox0 = t.ox0(), ow = t.ow(), oh = t.oh();
                try (INDArray x = pixels(rgb, ox0 * S, oy0 * S, ow * S, oh * S);
                     INDArray part = analysis.apply(x)) {
                    FloatBuffer p = part.data().asNioFloat();
                    for (int c = 0; c < channels; c++)
                        for (int y = ty; y < iy1; y++)
                            p.get((c * oh + (y - oy0)) * ow + (tx - ox0), z, (c * lh + y) * lw + tx, ix1 - tx);
                }
            }
        }
        NativeMemory.release();
        return z;
    }

    /**
     * Image of {@code width × height} from the decoded symbols [C/d][lh][lw] (each position's value is its
     * center, {@code centers[symbol·d + k]}), as TYPE_INT_RGB, values clamped and rounded to 8 bits.
     */
    public BufferedImage synthesise(SymbolTensor symbols, float[] centers, int vectorDim, int width, int height,
                                    Transform synthesis) {
        return synthesise(symbols, centers, vectorDim, width, height, synthesis, new Rectangle(0, 0, width, height));
    }

    /**
     * The part {@code region} of that image, as an image of the region's size: only the tiles that
     * overlap it are synthesised. Its pixels are exactly the full image's there, since the tiles are
     * the same tiles. Each tile's latent window is filled from the symbols straight into native memory,
     * so no whole-latent array is made.
     */
    public BufferedImage synthesise(SymbolTensor symbols, float[] centers, int vectorDim, int width, int height,
                                    Transform synthesis, Rectangle region) {
        Rectangle r = region.intersection(new Rectangle(0, 0, width, height));
        if (r.isEmpty()) throw new IllegalArgumentException("region " + region + " is outside the " + width + "×" + height + " image");
        int lw = latentSize(width);
        int lh = latentSize(height);
        BufferedImage out = new BufferedImage(r.width, r.height, BufferedImage.TYPE_INT_RGB);
        int span = tile * S;
        for (int ty = r.y / span * tile; ty * S < r.y + r.height; ty += tile) {
            for (int tx = r.x / span * tile; tx * S < r.x + r.width; tx += tile) {
                Tile t = tile(ty, tx, lh, lw, SYNTHESIS_MARGIN);
                int iy1 = t.iy1(), ix1 = t.ix1(), oy0 = t.oy0(), ox0 = t.ox0(), ow = t.ow(), oh = t.oh();
                try (INDArray in = window(symbols, centers, vectorDim, oy0, ox0, oh, ow);
                     INDArray xhat = synthesis.apply(in)) {
                    writeInner(xhat.data().asNioFloat(), ox0 * S, oy0 * S, ow * S, oh * S, tx * S, ty * S,
                            Math.min(ix1 * S, width), Math.min(iy1 * S, height), r, out);
                }
                synthesisedTiles++;
            }
        }
        NativeMemory.release();
        return out;
    }

    /** The latent window [1,C,oh,ow] at (oy0, ox0) of the symbols' centers, written straight into native memory. */
    private static INDArray window(SymbolTensor symbols, float[] centers, int d, int oy0, int ox0, int oh, int ow) {
        int groups = symbols.shape().channels();
        INDArray in = Nd4j.createUninitialized(DataType.FLOAT, new long[] {1, (long) groups * d, oh, ow}, 'c');
        FloatBuffer b = in.data().asNioFloat();
        float[] row = new float[ow];
        for (int g = 0; g < groups; g++) {
            for (int k = 0; k < d; k++) {
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) row[x] = centers[symbols.get(g, oy0 + y, ox0 + x) * d + k];
                    b.put(((g * d + k) * oh + y) * ow, row);
                }
            }
        }
        return in;
    }

    /**
     * Pixels [x0, x1) × [y0, y1) of a synthesised tile (planes of pw × ph starting at image pixel
     * (px0, py0)), as far as they fall in {@code region}, into {@code out} (which holds the region).
     */
    private static void writeInner(FloatBuffer px, int px0, int py0, int pw, int ph, int x0, int y0, int x1, int y1,
                                   Rectangle region, BufferedImage out) {
        int plane = pw * ph;
        int xa = Math.max(x0, region.x);
        int ya = Math.max(y0, region.y);
        int xb = Math.min(x1, region.x + region.width);
        int yb = Math.min(y1, region.y + region.height);
        if (xa >= xb) return;
        int[] row = new int[xb - xa];
        for (int y = ya; y < yb; y++) {
            int i0 = (y - py0) * pw - px0;
            for (int x = xa; x < xb; x++) {
                int i = i0 + x;
                row[x - xa] = (to8(px.get(i)) << 16) | (to8(px.get(plane + i)) << 8) | to8(px.get(2 * plane + i));
            }
            out.setRGB(xa - region.x, y - region.y, xb - xa, 1, row, 0, row.length);
        }
    }

    /**
     * The tile at latent (ty, tx): its inner end (iy1, ix1), exclusive, and the window read around it, {@code margin}
     * latents wider on each side where the latent goes on: from (oy0, ox0), oh × ow.
     */
    private record Tile(int iy1, int ix1, int oy0, int ox0, int oh, int ow) {
    }

    private Tile tile(int ty, int tx, int lh, int lw, int margin) {
        int iy1 = Math.min(ty + tile, lh);
        int ix1 = Math.min(tx + tile, lw);
        int oy0 = Math.max(0, ty - margin);
        int ox0 = Math.max(0, tx - margin);
        return new Tile(iy1, ix1, oy0, ox0, Math.min(lh, iy1 + margin) - oy0, Math.min(lw, ix1 + margin) - ox0);
    }

    static int to8(float v) {
        int i = Math.round(v * 255f);
        return i < 0 ? 0 : Math.min(255, i);
    }

    /** Pixels [x0, x0+w) × [y0, y0+h) as [1,3,h,w] in [0,1], edges repeated beyond the image. */
    public static INDArray pixels(BufferedImage rgb, int x0, int y0, int w, int h) {
        int iw = rgb.getWidth();
        int ih = rgb.getHeight();
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, new long[] {1, 3, h, w}, 'c');
        FloatBuffer out = a.data().asNioFloat();
        int plane = w * h;
        int avail = Math.max(0, Math.min(w, iw - x0));
        int[] row = new int[Math.max(1, avail)];
        float[] r = new float[w], g = new float[w], b = new float[w];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(y0 + y, ih - 1);
            rgb.getRGB(x0, sy, avail, 1, row, 0, row.length);
            for (int x = 0; x < w; x++) {
                int p = row[Math.min(x, avail - 1)];
                r[x] = ((p >> 16) & 0xff) / 255f;
                g[x] = ((p >> 8) & 0xff) / 255f;
                b[x] = (p & 0xff) / 255f;
            }
            out.put(y * w, r).put(plane + y * w, g).put(2 * plane + y * w, b);
        }
        return a;
    }
}
