package dev.sth.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import dev.sth.format.Chunk;
import dev.sth.format.SthFile;

/**
 * The alpha channel, carried losslessly beside the lossy RGB in the ancillary chunk {@code alph}.
 *
 * <pre>
 *   alph chunk data:  method (1 byte, 0 = zlib)  |  zlib stream of width × height alpha bytes,
 *                                                    row by row, top to bottom
 * </pre>
 * The container's CRC32C covers the chunk and zlib adds its own Adler-32. A decoder that does not
 * know {@code alph} skips it (ancillary) and shows the image opaque; ours restores it. Files whose
 * header says 4 channels carry exactly one {@code alph} chunk.
 */
public final class AlphaChunk {

    public static final String TYPE = "alph";
    private static final int METHOD_ZLIB = 0;

    private AlphaChunk() {
    }

    /** The chunk for a {@code width × height} alpha plane (row-major, one byte per pixel). */
    public static Chunk of(byte[] alpha, int width, int height) {
        if (alpha.length != (long) width * height) {
            throw new IllegalArgumentException("alpha plane has " + alpha.length + " bytes for " + width + "x" + height);
        }
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            d.setInput(alpha);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, alpha.length / 8));
            out.write(METHOD_ZLIB);
            byte[] buf = new byte[1 << 16];
            while (!d.finished()) {
                int n = d.deflate(buf);
                out.write(buf, 0, n);
            }
            return new Chunk(TYPE, out.toByteArray());
        } finally {
            d.end();
        }
    }

    /**
     * The alpha plane of a file, or null if it has no {@code alph} chunk.
     *
     * @throws IOException if the chunk is malformed or does not hold exactly width × height bytes
     */
    public static byte[] read(SthFile file) throws IOException {
        Chunk chunk = null;
        for (Chunk c : file.ancillary()) {
            if (c.type().equals(TYPE)) {
                if (chunk != null) throw new IOException("more than one '" + TYPE + "' (alpha) chunk");
                chunk = c;
            }
        }
        if (chunk == null) return null;
        byte[] data = chunk.data();
        long expected = file.header().image().pixels();
        if (data.length < 1 || data[0] != METHOD_ZLIB) {
            throw new IOException("alpha chunk '" + TYPE + "': unknown method "
                    + (data.length < 1 ? "(empty chunk)" : Integer.toString(data[0] & 0xFF)) + ", expected 0 (zlib)");
        }
        Inflater inf = new Inflater();
        try {
            inf.setInput(data, 1, data.length - 1);
            byte[] alpha = new byte[(int) expected];
            int n = 0;
            while (n < alpha.length && !inf.finished()) {
                int got = inf.inflate(alpha, n, alpha.length - n);
                if (got == 0 && (inf.needsInput() || inf.needsDictionary())) break;
                n += got;
            }
            boolean extra = !inf.finished() && n == alpha.length && inf.inflate(new byte[1]) > 0;
            if (n != alpha.length || extra || !inf.finished()) {
                throw new IOException("alpha chunk '" + TYPE + "' holds " + (extra ? "more than " : "") + n
                        + " bytes, expected " + expected + " (" + file.header().image().width() + "x"
                        + file.header().image().height() + ")");
            }
            return alpha;
        } catch (DataFormatException e) {
            throw new IOException("alpha chunk '" + TYPE + "' is corrupt: " + e.getMessage());
        } finally {
            inf.end();
        }
    }
}
