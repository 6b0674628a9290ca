package dev.sth.entropy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guard for the rule that makes files portable: no floating point on the probability path. Scans
 * the coder's sources (comments stripped) for float/double types, literals and Math functions.
 */
class NoFloatingPointTest {
    private static final Pattern FLOATING = Pattern.compile(
            "\\b(float|double|Float|Double|StrictMath)\\b|\\bMath\\.(log|exp|pow|sqrt|round|floor|ceil|random)\\b"
                    + "|\\b\\d+\\.\\d*([eE][+-]?\\d+)?[fFdD]?\\b|\\b\\d+[fFdD]\\b");

    @Test
    void coderSourcesUseIntegersOnly() throws IOException {
        Path dir = Path.of("src/main/java/dev/sth/entropy");
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = Files.readString(f)
                        .replaceAll("(?s)/\\*.*?\\*/", "")
                        .replaceAll("//[^\\n]*", "")
                        .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
                var m = FLOATING.matcher(code);
                while (m.find()) {
                    hits.add(f.getFileName() + ": " + m.group());
                }
            }
        }
        assertTrue(hits.isEmpty(), "floating point in the coder: " + hits);
    }
}
