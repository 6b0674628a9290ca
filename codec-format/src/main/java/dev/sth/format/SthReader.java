package dev.sth.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads {@code .sth} files of major version 1 (any minor version).
 *
 * <p>One sequence, each step checked before the next allocates anything: signature, version, header
 * length (bounded), header block and its CRC, header fields (each range-checked, then the
 * cross-field rules of {@link SthHeader}), then chunks until the end chunk. Every failure is an
 * {@link SthFormatException} carrying the offset and saying what was expected and what was found.
 * The coded symbols are not decoded here; see {@code dev.sth.entropy.LatentCoder}.
 */
public final class SthReader {
    private SthReader() {}

    /** Reads one file that fills {@code data} exactly; trailing bytes are an error. */
    public static SthFile read(byte[] data) throws SthFormatException {
        ByteInput in = ByteInput.of(data);
        try {
            SthFile file = readFile(in);
            if (in.remaining() != 0) {
                throw new SthFormatException(in.offset(), in.remaining() + " unexpected bytes after the end chunk");
            }
            return file;
        } catch (SthFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new AssertionError("arrays do not fail to read", e);
        }
    }

    /** Reads one file from the stream, up to and including its end chunk, and no further. */
    public static SthFile read(InputStream in) throws IOException {
        return readFile(ByteInput.of(in));
    }

    /** Reads only the signature and header: enough to report size and model without reading the symbols. */
    public static SthHeader readHeader(InputStream in) throws IOException {
        return readHeader(ByteInput.of(in));
    }

    private static SthFile readFile(ByteInput in) throws IOException {
        SthHeader header = readHeader(in);
        List<Chunk> ancillary = new ArrayList<>();
        long ancillaryBytes = 0;
        byte[] payload = null;
        long maxPayload = Limits.maxCodeStreamBytes(header.symbolShape().size());
        while (true) {
            long start = in.offset();
            byte[] head = in.read(8, "a chunk's length and type (the file must end with an " + Chunk.END + " chunk)");
            long length = ByteInput.u32(head, 0);
            String type = chunkType(head, start + 4);

            long max = switch (type) {
                case Chunk.PAYLOAD -> maxPayload;
                case Chunk.END -> 0;
                default -> Limits.MAX_CHUNK_BYTES;
            };
            if (length > max) {
                throw new SthFormatException(start, "chunk '" + type + "' claims " + length + " data bytes, more than the "
                        + max + " allowed" + (type.equals(Chunk.PAYLOAD) ? " for " + header.symbolShape().size() + " symbols" : ""));
            }
            boolean known = type.equals(Chunk.PAYLOAD) || type.equals(Chunk.END);
            if (!known && !Chunk.isCritical(type)) {
                if (ancillary.size() >= Limits.MAX_ANCILLARY_CHUNKS) {
                    throw new SthFormatException(start, "more than " + Limits.MAX_ANCILLARY_CHUNKS + " ancillary chunks");
                }
                if (ancillaryBytes + length > Limits.MAX_ANCILLARY_BYTES) {
                    throw new SthFormatException(start, "ancillary chunk '" + type + "' of " + length + " bytes brings ancillary data to "
                            + (ancillaryBytes + length) + " bytes, more than the limit of " + Limits.MAX_ANCILLARY_BYTES);
                }
            }
            if (in.remaining() >= 0 && length + 4 > in.remaining()) {
                throw new SthFormatException(start, "chunk '" + type + "' claims " + length
                        + " data bytes plus a 4-byte CRC, but only " + in.remaining() + " bytes remain (file truncated?)");
            }
            byte[] data = in.read((int) length, "chunk '" + type + "'");
            long crcAt = in.offset();
            long stored = in.readU32("the CRC of chunk '" + type + "'");
            CRC32C crc = new CRC32C();
            crc.update(head);
            crc.update(data);
            if (crc.getValue() != stored) {
                throw new SthFormatException(crcAt, "CRC32C mismatch in chunk '" + type + "' starting at offset " + start
                        + ": stored " + hex32(stored) + ", computed " + hex32(crc.getValue()) + " (chunk is corrupt)");
            }

            switch (type) {
                case Chunk.PAYLOAD -> {
                    if (payload != null) {
                        throw new SthFormatException(start, "second '" + Chunk.PAYLOAD + "' chunk; a file has exactly one");
                    }
                    payload = data;
                }
                case Chunk.END -> {
                    if (payload == null) {
                        throw new SthFormatException(start, "end chunk before any '" + Chunk.PAYLOAD + "' chunk: no coded symbols");
                    }
                    return new SthFile(header, payload, ancillary);
                }
                default -> {
                    if (Chunk.isCritical(type)) {
                        throw new SthFormatException(start, "unknown critical chunk '" + type + "': this reader knows only '"
                                + Chunk.PAYLOAD + "' and '" + Chunk.END + "' and must not decode a file it does not understand");
                    }
                    ancillary.add(new Chunk(type, data)); // unknown ancillary chunk: kept, not interpreted
                    ancillaryBytes += length;
                }
            }
        }
    }

    private static String chunkType(byte[] head, long at) throws SthFormatException {
        for (int i = 4; i < 8; i++) {
            if (!Chunk.isAsciiLetter(head[i] & 0xFF)) {
                throw new SthFormatException(at, "chunk type must be four ASCII letters, found bytes "
                        + HexFormat.ofDelimiter(" ").withUpperCase().formatHex(head, 4, 8));
            }
        }
        return new String(head, 4, 4, StandardCharsets.US_ASCII);
    }

    private static SthHeader readHeader(ByteInput in) throws IOException {
        byte[] magic = in.read(SthFormat.MAGIC.length, "the .sth signature");
        checkMagic(magic);
        int major = in.readU8("the major version");
        if (major != SthFormat.MAJOR_VERSION) {
            throw new SthFormatException(8, "unsupported major version " + major + ": this reader reads major version "
                    + SthFormat.MAJOR_VERSION + " only");
        }
        int minor = in.readU8("the minor version");
        int length = in.readU16("the header length");
        if (length < SthFormat.MIN_HEADER_BYTES || length > Limits.MAX_HEADER_BYTES) {
            throw new SthFormatException(10, "header length " + length + " is outside "
                    + SthFormat.MIN_HEADER_BYTES + ".." + Limits.MAX_HEADER_BYTES);
        }
        byte[] fields = in.read(length, "the header fields");
        long stored = in.readU32("the header CRC");
        CRC32C crc = new CRC32C();
        crc.update(magic);
        crc.update(new byte[] {(byte) major, (byte) minor, (byte) (length >>> 8), (byte) length});
        crc.update(fields);
        if (crc.getValue() != stored) {
            throw new SthFormatException(SthFormat.FIELDS_OFFSET + length, "header CRC32C mismatch: stored "
                    + hex32(stored) + ", computed " + hex32(crc.getValue()) + " (header is corrupt)");
        }
        FieldReader f = new FieldReader(fields, SthFormat.FIELDS_OFFSET);
        SthHeader header = parseFields(f);
        if (minor == 0 && f.position() != length) {
            throw new SthFormatException(f.offset(), "version 1.0 header has " + (length - f.position())
                    + " bytes after its last field; only a higher minor version may add fields");
        }
        // A higher minor version may append fields: they are covered by the CRC and skipped here.
        return header;
    }

    private static void checkMagic(byte[] magic) throws SthFormatException {
        for (int i = 0; i < magic.length; i++) {
            if (magic[i] != SthFormat.MAGIC[i]) {
                String found = HexFormat.ofDelimiter(" ").withUpperCase().formatHex(magic);
                String hint = "";
                boolean nameIntact = magic[0] == SthFormat.MAGIC[0] && magic[1] == 'S' && magic[2] == 'T' && magic[3] == 'H';
                // CR LF -> LF drops the CR; LF -> CR LF inserts one before either LF.
                boolean lineEndings = magic[4] == '\n' || magic[5] == '\r' || magic[7] == '\r';
                if (nameIntact && lineEndings) {
                    hint = "; the line-ending bytes differ: was the file transferred in text mode?";
                } else if (i == 0 && magic[0] == 'S' && magic[1] == 'T' && magic[2] == 'H') {
                    hint = "; the high first byte was lost: was the file sent over a 7-bit channel?";
                }
                throw new SthFormatException(i, "not an .sth file: expected signature "
                        + HexFormat.ofDelimiter(" ").withUpperCase().formatHex(SthFormat.MAGIC) + ", found " + found + hint);
            }
        }
    }

    private static SthHeader parseFields(FieldReader f) throws SthFormatException {
        long imageAt = f.offset();
        int width = f.unsigned(4, "image width", 1, Limits.MAX_SIDE);
        int height = f.unsigned(4, "image height", 1, Limits.MAX_SIDE);
        int channels = f.unsigned(1, "image channel count", 1, 4);
        int bitDepth = f.unsigned(1, "image bit depth", 8, 16);
        ImageInfo image = build(imageAt, () -> new ImageInfo(width, height, channels, bitDepth));

        long modelAt = f.offset();
        int nameLength = f.unsigned(1, "model name length", 1, Limits.MAX_MODEL_NAME_BYTES);
        String name = f.utf8(nameLength, "model name");
        byte[] hash = f.bytes(ModelId.HASH_BYTES, "model SHA-256");
        ModelId model = build(modelAt, () -> new ModelId(name, hash));

        long latentAt = f.offset();
        int stride = f.unsigned(1, "stride", 1, Limits.MAX_STRIDE);
        int c = f.unsigned(2, "latent channel count C", 1, Limits.MAX_LATENT_CHANNELS);
        int d = f.unsigned(2, "vector dimension d", 1, Limits.MAX_LATENT_CHANNELS);
        int alphabet = f.unsigned(4, "alphabet size L", Limits.MIN_ALPHABET_SIZE, Limits.MAX_ALPHABET_SIZE);
        LatentInfo latent = build(latentAt, () -> new LatentInfo(stride, c, d, alphabet));

        long shapeAt = f.offset();
        int sc = f.unsigned(2, "symbol tensor channels", 0, 0xFFFF);
        long sh = f.unsigned(4, "symbol tensor height", 0, Integer.MAX_VALUE);
        long sw = f.unsigned(4, "symbol tensor width", 0, Integer.MAX_VALUE);
        SymbolShape implied = build(latentAt, () -> latent.symbolShape(image));
        if (sc != implied.channels() || sh != implied.height() || sw != implied.width()) {
            throw new SthFormatException(shapeAt, "symbol tensor shape " + sc + "x" + sh + "x" + sw + " does not match the "
                    + implied + " implied by image " + width + "x" + height + ", stride " + stride + ", C = " + c + ", d = " + d);
        }

        long coderAt = f.offset();
        int id = f.unsigned(2, "context model id", 0, 0xFFFF);
        if (id != CoderParams.ORDER0 && id != CoderParams.NEIGHBOURS) {
            throw new SthFormatException(coderAt, "unknown context model id " + id
                    + " (this reader knows 0 = order-0 and 1 = neighbours)");
        }
        long countAt = f.offset();
        int count = f.unsigned(1, "context model parameter count", 0, Limits.MAX_CODER_PARAMS);
        if (count != CoderParams.PARAM_COUNT) {
            throw new SthFormatException(countAt, "context model " + id + " takes " + CoderParams.PARAM_COUNT
                    + " parameters, found " + count);
        }
        int increment = f.signed32("adaptation increment");
        int maxTotal = f.signed32("maximum frequency total");
        CoderParams coder = build(coderAt, () -> new CoderParams(id, increment, maxTotal));
        return build(coderAt, () -> new SthHeader(image, model, latent, coder));
    }

    private interface Builder<T> {
        T build();
    }

    /** Runs a record constructor; its IllegalArgumentException becomes a format error at {@code at}. */
    private static <T> T build(long at, Builder<T> b) throws SthFormatException {
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new SthFormatException(at, "invalid header: " + e.getMessage());
        }
    }

    static String hex32(long v) {
        return String.format("0x%08X", v & 0xFFFFFFFFL);
    }
}
