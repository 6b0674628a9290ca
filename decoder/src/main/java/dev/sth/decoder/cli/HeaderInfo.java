package dev.sth.decoder.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

import dev.sth.format.AlphaChunk;
import dev.sth.format.Chunk;
import dev.sth.format.CoderParams;
import dev.sth.format.ImageInfo;
import dev.sth.format.LatentInfo;
import dev.sth.format.SthFile;
import dev.sth.format.SthHeader;
import dev.sth.model.ModelBundle;
import dev.sth.model.ModelCatalog;
import dev.sth.model.ModelSource;

/** {@code sth-decoder --info}: the header of a file, field by field, without decoding it. */
final class HeaderInfo {

    private HeaderInfo() {
    }

    static void print(PrintWriter out, Path path, byte[] bytes, SthFile file, ModelSource models) {
        SthHeader h = file.header();
        ImageInfo img = h.image();
        LatentInfo lat = h.latent();
        CoderParams c = h.coder();
        int payload = file.payload().length;
        out.println(path + ":");
        row(out, "format", ".sth version " + (bytes[8] & 0xFF) + "." + (bytes[9] & 0xFF));
        row(out, "file size", bytes.length + " bytes (" + bpp(bytes.length, img) + " bpp)");
        row(out, "image", img.width() + " x " + img.height());
        row(out, "channels", img.channels() + " (" + switch (img.channels()) {
            case 1 -> "gray";
            case 3 -> "RGB";
            default -> "RGB + alpha";
        } + ")");
        row(out, "bit depth", img.bitDepth() + " bits per sample" + (img.bitDepth() > 8 ? " in the source (coded as 8)" : ""));
        row(out, "model", h.model().name());
        row(out, "model sha256", h.model().sha256Hex());
        row(out, "model level", modelLevel(h, models));
        row(out, "latent", "stride " + lat.stride() + ", C = " + lat.latentChannels() + " channels, d = " + lat.vectorDim()
                + ", L = " + lat.alphabetSize() + " centers");
        row(out, "symbols", h.symbolShape() + " (channels x height x width), " + h.symbolShape().size() + " symbols");
        row(out, "coder", "context model " + c.contextModelId() + " ("
                + (c.contextModelId() == CoderParams.NEIGHBOURS ? "neighbours" : "order-0") + "), increment " + c.increment()
                + ", max total " + c.maxTotal());
        row(out, "payload", payload + " bytes (" + bpp(payload, img) + " bpp)");
        StringBuilder anc = new StringBuilder();
        for (Chunk ch : file.ancillary()) {
            if (anc.length() > 0) anc.append(", ");
            anc.append(ch.type()).append(" (").append(ch.length()).append(" bytes")
                    .append(ch.type().equals(AlphaChunk.TYPE) ? ", alpha channel" : "").append(')');
        }
        row(out, "ancillary", anc.length() == 0 ? "none" : anc.toString());
        out.flush();
    }

    private static String modelLevel(SthHeader h, ModelSource models) {
        if (models == null || !models.names().contains(h.model().name())) return "unknown (model not available here)";
        try {
            ModelBundle b = models.load(h.model().name(), false);
            if (!b.id().equals(h.model())) return "unknown (the model of that name here has another sha256)";
            ModelCatalog.Entry e = ModelCatalog.entryOf(b);
            return "family " + e.family() + ", level " + e.level()
                    + e.kodakBpp().map(v -> " (Kodak: " + v + " bpp").orElse(" (Kodak: n/a")
                    + e.kodakPsnr().map(v -> ", " + v + " dB)").orElse(")");
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String bpp(long bytes, ImageInfo img) {
        return String.format(Locale.ROOT, "%.4f", 8.0 * bytes / img.pixels());
    }

    private static void row(PrintWriter out, String key, String value) {
        out.printf(Locale.ROOT, "  %-14s %s%n", key + ":", value);
    }
}
