package dev.sth.decoder.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Dimension;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.junit.jupiter.api.Test;

import com.twelvemonkeys.imageio.util.ImageReaderAbstractTest;

import dev.sth.decoder.TestFiles;
import dev.sth.format.SthWriter;
import dev.sth.model.ModelBundle;

/**
 * TwelveMonkeys' shared reader checks (ImageReaderAbstractTest) on .sth files of the tiny test
 * model (surefire points {@code sth.model.dir} at testdata/models), plus our own.
 */
class SthImageReaderTest extends ImageReaderAbstractTest<SthImageReader> {

    private static final Path DIR;
    private static final File GOLDEN;

    static {
        try {
            DIR = Files.createTempDirectory("sth-reader-test");
            DIR.toFile().deleteOnExit();
            ModelBundle tiny = TestFiles.tiny();
            write("rgb-37x29.sth", TestFiles.synthetic(tiny, 37, 29, 3, 1));
            write("gray-16x12.sth", TestFiles.synthetic(tiny, 16, 12, 1, 2));
            write("rgba-20x13.sth", TestFiles.synthetic(tiny, 20, 13, 4, 3));
            write("tiny-1x1.sth", TestFiles.synthetic(tiny, 1, 1, 3, 4));
            GOLDEN = TestFiles.golden("chelsea-tiny-v1.sth").toFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(String name, dev.sth.format.SthFile f) throws IOException {
        Path p = DIR.resolve(name);
        Files.write(p, SthWriter.toBytes(f));
        p.toFile().deleteOnExit();
    }

    private static File file(String name) {
        return DIR.resolve(name).toFile();
    }

    @Override
    protected ImageReaderSpi createProvider() {
        return new SthImageReaderSpi();
    }

    @Override
    protected List<TestData> getTestData() {
        return Arrays.asList(
                new TestData(file("rgb-37x29.sth"), new Dimension(37, 29)),
                new TestData(file("gray-16x12.sth"), new Dimension(16, 12)),
                new TestData(file("rgba-20x13.sth"), new Dimension(20, 13)),
                new TestData(file("tiny-1x1.sth"), new Dimension(1, 1)));
    }

    @Override
    protected List<String> getFormatNames() {
        return Arrays.asList("sth", "STH");
    }

    @Override
    protected List<String> getSuffixes() {
        return List.of("sth");
    }

    @Override
    protected List<String> getMIMETypes() {
        return List.of("image/x-sth");
    }

    // ---- our own checks ------------------------------------------------------------------------

    @Test
    void imageIoReadOfAFile() throws IOException {
        BufferedImage img = ImageIO.read(GOLDEN);
        assertNotNull(img);
        assertEquals(451, img.getWidth());
        assertEquals(BufferedImage.TYPE_INT_RGB, img.getType());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, ImageIO.read(file("gray-16x12.sth")).getType());
        assertEquals(BufferedImage.TYPE_INT_ARGB, ImageIO.read(file("rgba-20x13.sth")).getType());
    }

    @Test
    void aPlainReadReturnsWhatTheGeneralPathReturnsWithoutTheCopy() throws IOException {
        for (String name : List.of("rgb-37x29.sth", "gray-16x12.sth", "rgba-20x13.sth")) {
            ImageReader reader = createReader();
            try (ImageInputStream in = ImageIO.createImageInputStream(file(name))) {
                reader.setInput(in);
                BufferedImage plain = reader.read(0);
                ImageReadParam p = reader.getDefaultReadParam();
                p.setDestinationType(reader.getRawImageType(0)); // not plain: decoded, then copied pixel by pixel
                BufferedImage general = reader.read(0, p);
                assertNotSame(plain, general, name);
                assertEquals(general.getType(), plain.getType(), name);
                int w = plain.getWidth();
                int h = plain.getHeight();
                assertArrayEquals(general.getRGB(0, 0, w, h, null, 0, w), plain.getRGB(0, 0, w, h, null, 0, w), name);
            } finally {
                reader.dispose();
            }
        }
    }

    @Test
    void sourceRegionAndSubsamplingMatchTheFullImage() throws IOException {
        BufferedImage full = ImageIO.read(GOLDEN);
        ImageReader reader = createReader();
        try (ImageInputStream in = ImageIO.createImageInputStream(GOLDEN)) {
            reader.setInput(in);
            ImageReadParam p = reader.getDefaultReadParam();
            p.setSourceRegion(new Rectangle(101, 53, 60, 41));
            p.setSourceSubsampling(3, 2, 1, 1);
            BufferedImage part = reader.read(0, p);
            assertEquals((60 - 1 + 2) / 3, part.getWidth());
            assertEquals((41 - 1 + 1) / 2, part.getHeight());
            for (int y = 0; y < part.getHeight(); y++)
                for (int x = 0; x < part.getWidth(); x++)
                    assertEquals(full.getRGB(101 + 1 + 3 * x, 53 + 1 + 2 * y), part.getRGB(x, y), "(" + x + "," + y + ")");
        } finally {
            reader.dispose();
        }
    }

    @Test
    void headerIsReadLazilyAndOnlyTheHeader() throws IOException {
        byte[] bytes = Files.readAllBytes(GOLDEN.toPath());
        CountingStream in = new CountingStream(bytes);
        ImageReader reader = createReader();
        reader.setInput(in);
        assertEquals(0, in.highest, "setInput reads nothing");
        assertEquals(451, reader.getWidth(0));
        assertEquals(300, reader.getHeight(0));
        assertTrue(in.highest < 200, "size known after " + in.highest + " of " + bytes.length + " bytes");
        reader.dispose();
    }

    @Test
    void badDataGivesIioExceptionWithAClearMessage() throws IOException {
        byte[] bytes = Files.readAllBytes(GOLDEN.toPath());
        bytes[40] ^= 0x55;
        ImageReader reader = createReader();
        reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)));
        IIOException e = assertThrows(IIOException.class, () -> reader.getWidth(0));
        assertTrue(e.getMessage().contains("header CRC32C mismatch"), e.getMessage());

        byte[] cut = Arrays.copyOf(Files.readAllBytes(GOLDEN.toPath()), 1000);
        reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(cut)));
        assertEquals(451, reader.getWidth(0));
        IIOException t = assertThrows(IIOException.class, () -> reader.read(0));
        assertTrue(t.getMessage().startsWith("sth: at byte offset"), t.getMessage());
        reader.dispose();
    }

    @Test
    void standardMetadataDescribesTheImage() throws IOException {
        ImageReader reader = createReader();
        reader.setInput(ImageIO.createImageInputStream(file("gray-16x12.sth")));
        IIOMetadata m = reader.getImageMetadata(0);
        org.w3c.dom.Node root = m.getAsTree("javax_imageio_1.0");
        String xml = dump(root);
        assertTrue(xml.contains("GRAY") && xml.contains("sth") && xml.contains("tiny-test"), xml);
        reader.dispose();
    }

    private static String dump(org.w3c.dom.Node n) {
        StringBuilder b = new StringBuilder("<" + n.getNodeName());
        if (n.getAttributes() != null) {
            for (int i = 0; i < n.getAttributes().getLength(); i++) {
                b.append(' ').append(n.getAttributes().item(i).getNodeName()).append("=\"")
                        .append(n.getAttributes().item(i).getNodeValue()).append('"');
            }
        }
        b.append('>');
        for (org.w3c.dom.Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) b.append(dump(c));
        return b.append("</").append(n.getNodeName()).append('>').toString();
    }

    /** Remembers how far into the data anything was read. */
    private static final class CountingStream extends MemoryCacheImageInputStream {
        long highest;

        CountingStream(byte[] data) {
            super(new ByteArrayInputStream(data));
        }

        @Override
        public int read() throws IOException {
            int r = super.read();
            highest = Math.max(highest, getStreamPosition());
            return r;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = super.read(b, off, len);
            highest = Math.max(highest, getStreamPosition());
            return r;
        }
    }
}
