package dev.sth.entropy;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sth.format.CoderParams;
import dev.sth.format.SthFile;
import dev.sth.format.SthFormatException;
import dev.sth.format.SthReader;
import dev.sth.format.SymbolShape;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random and mutated input never raises anything but SthFormatException and never hangs: reader,
 * priors parser and coder. (Allocation bounds are asserted by behaviour in SthFormatTest.)
 */
class GarbageTest {
    private static final byte[] VALID = CorruptionTest.validFile();
    private static final Duration LIMIT = Duration.ofSeconds(5);

    /** Runs the reader, and the coder on whatever it accepts; only SthFormatException may escape. */
    private static void readAndDecode(byte[] bytes) {
        assertTimeoutPreemptively(LIMIT, () -> {
            try {
                SthFile f = SthReader.read(bytes);
                LatentCoder.decode(f, ContextPriors.flat(f.header().coder().contextModelId(), f.header().alphabetSize(),
                        f.header().symbolShape().channels()));
            } catch (SthFormatException expected) {
                // the only allowed failure
            }
            try {
                SthReader.read(new ByteArrayInputStream(bytes));
            } catch (SthFormatException expected) {
                // likewise from a stream
            }
        });
    }

    @Property(tries = 1000)
    void randomBytes(@ForAll @Size(max = 400) byte[] bytes) {
        readAndDecode(bytes);
    }

    @Property(tries = 1000)
    void randomBytesAfterAValidSignature(@ForAll @Size(max = 400) byte[] tail, @ForAll boolean keepVersion) {
        int keep = keepVersion ? 10 : 8;
        byte[] bytes = Arrays.copyOf(VALID, keep + tail.length);
        System.arraycopy(tail, 0, bytes, keep, tail.length);
        readAndDecode(bytes);
    }

    @Property(tries = 2000)
    void mutatedValidFiles(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int mutations) {
        Random r = new Random(seed);
        byte[] bytes = VALID.clone();
        for (int m = 0; m < mutations; m++) {
            int at = r.nextInt(bytes.length);
            bytes = switch (r.nextInt(5)) {
                case 0 -> { bytes[at] = (byte) r.nextInt(256); yield bytes; }
                case 1 -> { bytes[at] ^= (byte) (1 << r.nextInt(8)); yield bytes; }
                case 2 -> Arrays.copyOf(bytes, at); // truncate
                case 3 -> { // insert a byte
                    byte[] b = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, b, 0, at);
                    b[at] = (byte) r.nextInt(256);
                    System.arraycopy(bytes, at, b, at + 1, bytes.length - at);
                    yield b;
                }
                default -> { // delete a byte
                    byte[] b = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, b, 0, at);
                    System.arraycopy(bytes, at + 1, b, at, bytes.length - at - 1);
                    yield b;
                }
            };
            if (bytes.length == 0) {
                break;
            }
        }
        readAndDecode(bytes);
    }

    @Property(tries = 1000)
    void garbageCodeStreams(@ForAll @Size(max = 300) byte[] code, @ForAll @IntRange(min = 2, max = 1024) int alphabet,
                            @ForAll @IntRange(min = 1, max = 3) int channels, @ForAll @IntRange(min = 1, max = 40) int side,
                            @ForAll boolean neighbours) {
        SymbolShape shape = new SymbolShape(channels, side, side + 3);
        CoderParams params = new CoderParams(neighbours ? CoderParams.NEIGHBOURS : CoderParams.ORDER0, 32, 1 << 16);
        ContextPriors priors = ContextPriors.flat(params.contextModelId(), alphabet, channels);
        assertTimeoutPreemptively(LIMIT, () -> {
            try {
                LatentCoder.decode(code, shape, alphabet, priors, params);
            } catch (SthFormatException expected) {
                // the only allowed failure
            }
        });
    }

    @Property(tries = 1000)
    void garbagePriors(@ForAll @Size(max = 300) byte[] tail, @ForAll long seed) {
        byte[] valid = ContextPriors.builder(CoderParams.defaults(), 6, 2)
                .add(TestTensors.smoothField(new Random(seed), new SymbolShape(2, 8, 8), 6, 1)).build().toBytes();
        Random r = new Random(seed);
        byte[] mutated = valid.clone();
        mutated[r.nextInt(mutated.length)] = (byte) r.nextInt(256);
        byte[] spliced = Arrays.copyOf(valid, Math.min(valid.length, 16) + tail.length);
        System.arraycopy(tail, 0, spliced, Math.min(valid.length, 16), tail.length);
        for (byte[] b : new byte[][] {tail, mutated, spliced, fixCrc(spliced), fixCrc(mutated)}) {
            assertTimeoutPreemptively(LIMIT, () -> {
                try {
                    ContextPriors.fromBytes(b);
                } catch (SthFormatException expected) {
                    // the only allowed failure
                }
            });
        }
    }

    /** Makes the CRC right again, so the parser's other checks are exercised too. */
    static byte[] fixCrc(byte[] b) {
        if (b.length < 4) {
            return b;
        }
        byte[] out = b.clone();
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(out, 0, out.length - 4);
        int v = (int) crc.getValue();
        out[out.length - 4] = (byte) (v >>> 24);
        out[out.length - 3] = (byte) (v >>> 16);
        out[out.length - 2] = (byte) (v >>> 8);
        out[out.length - 1] = (byte) v;
        return out;
    }
}
