package dev.sth.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SthFormatTest {
    private static final byte[] PAYLOAD = {1, 2, 3, 4, 5, 6, 7};

    private static SthFormatException refused(byte[] bytes, String messagePart) {
        SthFormatException e = assertThrows(SthFormatException.class, () -> SthReader.read(bytes));
        assertTrue(e.getMessage().contains(messagePart), () -> "message '" + e.getMessage() + "' lacks '" + messagePart + "'");
        return e;
    }

    @Test
    void writeThenReadGivesTheSameFile() throws IOException {
        SthFile file = new SthFile(Fixtures.header(), PAYLOAD,
                List.of(new Chunk("meta", "hello".getBytes(StandardCharsets.UTF_8)), new Chunk("iCCP", new byte[300])));
        byte[] bytes = SthWriter.toBytes(file);
        assertEquals(file, SthReader.read(bytes));
        assertEquals(file, SthReader.read(new ByteArrayInputStream(bytes)));
        assertEquals(file.header(), SthReader.readHeader(new ByteArrayInputStream(bytes)));
        assertArrayEquals(SthFormat.magic(), Arrays.copyOf(bytes, 8));
    }

    @Test
    void streamReadStopsAtTheEndChunk() throws IOException {
        byte[] one = SthWriter.toBytes(Fixtures.file(PAYLOAD));
        InputStream in = new ByteArrayInputStream(Fixtures.concat(one, one));
        assertEquals(Fixtures.file(PAYLOAD), SthReader.read(in));
        assertEquals(Fixtures.file(PAYLOAD), SthReader.read(in));
        assertEquals(-1, in.read());
    }

    @Test
    void headerSizesAreValidatedOnConstruction() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ImageInfo(100000, 100000, 3, 8));
        assertTrue(e.getMessage().contains("image width 100000"));
        assertThrows(IllegalArgumentException.class, () -> new ImageInfo(65536, 65536, 3, 8)); // 2^32 pixels
        assertThrows(IllegalArgumentException.class, () -> new ImageInfo(10, 10, 2, 8));
        assertThrows(IllegalArgumentException.class, () -> new ImageInfo(10, 10, 3, 12));
        assertThrows(IllegalArgumentException.class, () -> new LatentInfo(8, 32, 5, 6)); // C % d != 0
        assertThrows(IllegalArgumentException.class, () -> new LatentInfo(8, 32, 8, 1));
        assertThrows(IllegalArgumentException.class, () -> new LatentInfo(8, 32, 8, 65537));
        assertThrows(IllegalArgumentException.class, () -> new CoderParams(2, 32, 1 << 16));
        assertThrows(IllegalArgumentException.class, () -> new CoderParams(1, 32, (1 << 24) + 1));
        assertThrows(IllegalArgumentException.class, () -> new ModelId("", new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> new ModelId("x".repeat(256), new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> new ModelId("m", new byte[31]));
        // maxTotal below L + increment
        assertThrows(IllegalArgumentException.class, () -> new SthHeader(new ImageInfo(10, 10, 3, 8), Fixtures.MODEL,
                new LatentInfo(8, 32, 1, 1000), new CoderParams(1, 32, 1000)));
        // stride 1, 4096 channels on a 16384 x 16384 image: 2^40 symbols
        assertThrows(IllegalArgumentException.class, () -> new SthHeader(new ImageInfo(16384, 16384, 3, 8), Fixtures.MODEL,
                new LatentInfo(1, 4096, 1, 6), CoderParams.defaults()));
    }

    /** Replaces the big-endian field of {@code width} bytes at header-field offset {@code at} and fixes the CRC. */
    private static byte[] withField(int at, int width, long value) {
        byte[] bytes = SthWriter.toBytes(Fixtures.file(PAYLOAD));
        for (int i = 0; i < width; i++) {
            bytes[SthFormat.FIELDS_OFFSET + at + i] = (byte) (value >>> (8 * (width - 1 - i)));
        }
        Fixtures.fixHeaderCrc(bytes);
        return bytes;
    }

    // Header field offsets (relative to the fields) of the fixture, whose model name has 14 bytes.
    private static final int NAME = 14;
    private static final int LATENT = 11 + NAME + 32;
    private static final int SHAPE = LATENT + 9;
    private static final int CODER = SHAPE + 10;

    @Test
    void hugeImagesAreRefusedBeforeAnythingIsAllocated() {
        SthFormatException e = refused(withField(0, 4, 100000), "image width 100000 is outside the allowed range 1..65536");
        assertEquals(SthFormat.FIELDS_OFFSET, e.offset());
        refused(withField(0, 4, 0xFFFFFFFFL), "image width 4294967295");
        byte[] both = withField(0, 4, 65536);
        System.arraycopy(withField(4, 4, 65536), 16, both, 16, 4);
        Fixtures.fixHeaderCrc(both);
        refused(both, "more than the limit of 268435456");
    }

    @Test
    void symbolShapeMustMatchImageAndStride() {
        refused(withField(SHAPE + 2, 4, 14), "symbol tensor shape 4x14x19 does not match the 4x13x19 implied by image 150x100");
        refused(withField(SHAPE + 6, 4, 0x7FFFFFFF), "does not match");
        refused(withField(SHAPE, 2, 5), "does not match");
        refused(withField(LATENT + 3, 2, 5), "not a multiple of the vector dimension");
    }

    @Test
    void unknownMajorVersionIsRefusedClearly() {
        byte[] bytes = SthWriter.toBytes(Fixtures.file(PAYLOAD));
        bytes[8] = 2;
        Fixtures.fixHeaderCrc(bytes);
        SthFormatException e = refused(bytes, "unsupported major version 2: this reader reads major version 1 only");
        assertEquals(8, e.offset());
    }

    @Test
    void higherMinorVersionIsAcceptedAndItsExtraHeaderFieldsSkipped() throws IOException {
        byte[] bytes = SthWriter.toBytes(Fixtures.file(PAYLOAD));
        int length = (bytes[10] & 0xFF) << 8 | (bytes[11] & 0xFF);
        int end = SthFormat.FIELDS_OFFSET + length;
        byte[] extra = {9, 8, 7, 6, 5};
        byte[] v13 = Fixtures.concat(Arrays.copyOf(bytes, end), extra, Arrays.copyOfRange(bytes, end, bytes.length));
        v13[9] = 3;
        v13[10] = (byte) ((length + extra.length) >>> 8);
        v13[11] = (byte) (length + extra.length);
        Fixtures.fixHeaderCrc(v13);
        assertEquals(Fixtures.file(PAYLOAD), SthReader.read(v13));

        // The same extra bytes in a 1.0 file are an error: 1.0 defines no further fields.
        v13[9] = 0;
        Fixtures.fixHeaderCrc(v13);
        refused(v13, "version 1.0 header has 5 bytes after its last field");
    }

    @Test
    void unknownAncillaryChunkIsSkippedAndKept() throws IOException {
        byte[] file = SthWriter.toBytes(Fixtures.file(PAYLOAD));
        int at = Fixtures.firstChunkOffset(file);
        byte[] withChunk = Fixtures.concat(Arrays.copyOf(file, at), Fixtures.chunk("xtRa", new byte[] {42}),
                Arrays.copyOfRange(file, at, file.length));
        SthFile read = SthReader.read(withChunk);
        assertArrayEquals(PAYLOAD, read.payload());
        assertEquals(List.of(new Chunk("xtRa", new byte[] {42})), read.ancillary());
    }

    @Test
    void unknownCriticalChunkIsRefused() {
        byte[] file = SthWriter.toBytes(Fixtures.file(PAYLOAD));
        int at = Fixtures.firstChunkOffset(file);
        byte[] withChunk = Fixtures.concat(Arrays.copyOf(file, at), Fixtures.chunk("XTRA", new byte[] {42}),
                Arrays.copyOfRange(file, at, file.length));
        SthFormatException e = refused(withChunk, "unknown critical chunk 'XTRA'");
        assertEquals(at, e.offset());
    }

    @Test
    void chunkStructureRules() {
        byte[] file = SthWriter.toBytes(Fixtures.file(PAYLOAD));
        int at = Fixtures.firstChunkOffset(file);
        byte[] head = Arrays.copyOf(file, at);
        byte[] symb = Fixtures.chunk(Chunk.PAYLOAD, PAYLOAD);
        byte[] end = Fixtures.chunk(Chunk.END, new byte[0]);
        refused(Fixtures.concat(head, symb), "input ends after 0 of the 8 bytes of a chunk's length and type");
        refused(Fixtures.concat(head, end), "end chunk before any 'SYMB' chunk");
        refused(Fixtures.concat(head, symb, symb, end), "second 'SYMB' chunk");
        refused(Fixtures.concat(head, symb, Fixtures.chunk(Chunk.END, new byte[1])), "chunk 'SEND' claims 1 data bytes, more than the 0 allowed");
        refused(Fixtures.concat(head, symb, end, new byte[3]), "3 unexpected bytes after the end chunk");
        refused(Fixtures.concat(head, Fixtures.chunk("SY1B", PAYLOAD), end), "chunk type must be four ASCII letters");
    }

    @Test
    void chunkLengthBeyondTheDataIsRefusedWithoutAllocatingIt() throws IOException {
        byte[] file = SthWriter.toBytes(Fixtures.file(PAYLOAD));
        int at = Fixtures.firstChunkOffset(file);
        byte[] claim = Fixtures.concat(Arrays.copyOf(file, at), Fixtures.chunk("huge", new byte[0]));
        int claimed = (int) Limits.MAX_ANCILLARY_BYTES; // a 64 MiB claim in a ~150-byte file
        SthWriter.putInt(claim, at, claimed);
        refused(claim, "claims 67108864 data bytes plus a 4-byte CRC, but only 4 bytes remain");
        // From a stream the length cannot be checked up front: the reader gathers data as it arrives and meets the end.
        long before = allocated();
        SthFormatException e = assertThrows(SthFormatException.class, () -> SthReader.read(new ByteArrayInputStream(claim)));
        assertTrue(e.getMessage().contains("input ends after 4 of the 67108864 bytes of chunk 'huge'"), e.getMessage());
        long used = allocated() - before;
        assertTrue(used < 4L << 20, "reading a 64 MiB claim allocated " + used + " bytes");

        SthWriter.putInt(claim, at, claimed + 1);
        refused(claim, "more than the limit of 67108864");
        SthWriter.putInt(claim, at, Limits.MAX_CHUNK_BYTES + 1);
        refused(claim, "more than the 1073741824 allowed");
        byte[] symb = Fixtures.concat(Arrays.copyOf(file, at), Fixtures.chunk(Chunk.PAYLOAD, new byte[0]));
        SthWriter.putInt(symb, at, 100_000);
        refused(symb, "chunk 'SYMB' claims 100000 data bytes, more than the 2980 allowed for 988 symbols");
    }

    /** Bytes allocated by this thread so far (HotSpot), or 0 where the platform cannot tell. */
    private static long allocated() {
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean hotspot) {
            return hotspot.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return 0;
    }

    @Test
    void textModeManglingIsNamed() {
        byte[] file = SthWriter.toBytes(Fixtures.file(PAYLOAD));
        byte[] mangled = Fixtures.concat(Arrays.copyOf(file, 4), Arrays.copyOfRange(file, 5, file.length)); // CR LF -> LF
        refused(mangled, "text mode");
        refused("hello world, not an image".getBytes(StandardCharsets.US_ASCII), "not an .sth file");
        refused(new byte[0], "input ends after 0 of the 8 bytes of the .sth signature");
    }

    @Test
    void modelMismatchIsRefused() throws SthFormatException {
        SthHeader h = Fixtures.header();
        h.requireModel(Fixtures.MODEL);
        ModelId other = ModelId.hashing("sth-test-model", new byte[] {1});
        SthFormatException e = assertThrows(SthFormatException.class, () -> h.requireModel(other));
        assertTrue(e.getMessage().contains("coded with model sth-test-model"));
    }
}
