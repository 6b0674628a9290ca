package dev.sth.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sth.format.SthFile;
import dev.sth.format.SthReader;
import dev.sth.model.ModelSource;

/**
 * The format's second implementation: {@code codec-format/tools/sth_reference_decoder.py}, written from
 * docs/FORMAT.md alone, must decode every golden file to exactly the symbols the Java decoder gives. So
 * the specification, not only the code, is checked on every build. {@code .ci/run} installs python3; on a
 * machine without it the test is skipped with that message.
 */
class ReferenceReaderTest {

    private static final Path READER = TestFiles.testdata().resolve("../codec-format/tools/sth_reference_decoder.py");

    @ParameterizedTest
    @CsvSource({"chelsea-tiny-v1, tiny-test", "chelsea-tiny-wq-v1, tiny-test-wq", "chelsea-tiny-cs-v1, tiny-test-cs"})
    void pythonReaderDecodesTheGoldenFilesToTheSameSymbols(String stem, String model) throws Exception {
        assumeTrue(python() != null, "python3 not found: the independent reader cannot run (.ci/run installs it)");
        Path sth = TestFiles.golden(stem + ".sth");
        SthFile file = SthReader.read(Files.readAllBytes(sth));
        int[] java = new SthDecoder(ModelSource.directory(TestFiles.tinyModels()).forFile(file.header().model()))
                .symbols(file).toArray();
        Process p = new ProcessBuilder(python(), READER.toString(), sth.toString(),
                TestFiles.tinyModels().resolve(model).toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertEquals(true, p.waitFor(120, TimeUnit.SECONDS), "the reference reader did not finish");
        assertEquals(0, p.exitValue(), "the reference reader failed: " + out);
        int[] python = Arrays.stream(out.split(",")).mapToInt(Integer::parseInt).toArray();
        assertEquals(java.length, python.length, "symbol count");
        assertArrayEquals(java, python);
    }

    private static String python() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : List.of("python3")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) return candidate.toString();
            }
        }
        return null;
    }
}
