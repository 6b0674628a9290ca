package dev.sth.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sth.format.ModelId;

/** A retired model is found by the name and whole hash a file carries, and by nothing else. */
class RetiredModelsTest {

    private static final RetiredModels RETIRED = new RetiredModels("/sth/test-retired/");

    @Test
    void aFileOfARetiredModelFindsItsSynthesisHalf() throws Exception {
        ModelBundle tiny = ModelBundle.load(Path.of("../testdata/models/tiny-test"), false);
        assertEquals("tiny-test@88a16b4edd43", RetiredModels.entry(tiny.id()));
        ModelBundle found = RETIRED.find(tiny.id()).orElseThrow();
        assertEquals(tiny.id(), found.id());
        assertFalse(found.hasAnalysis());
    }

    @Test
    void anotherHashOrNameFindsNothing() throws Exception {
        ModelBundle tiny = ModelBundle.load(Path.of("../testdata/models/tiny-test"), false);
        byte[] other = tiny.id().sha256();
        other[31] ^= 1; // same 12-digit prefix, other model: listed entry, wrong hash
        assertThrows(java.io.IOException.class, () -> RETIRED.find(new ModelId("tiny-test", other)));
        byte[] far = tiny.id().sha256();
        far[0] ^= 1;
        assertTrue(RETIRED.find(new ModelId("tiny-test", far)).isEmpty());
        assertTrue(RETIRED.find(new ModelId("tiny-test-2", tiny.id().sha256())).isEmpty());
    }

    @Test
    void aListedEntryWithoutItsFolderSaysSo() {
        var e = assertThrows(java.io.IOException.class, () -> RETIRED.load("missing@000000000000"));
        assertTrue(e.getMessage().contains("missing@000000000000"), e.getMessage());
        assertEquals(List.of("tiny-test@88a16b4edd43", "missing@000000000000"), RETIRED.entries());
    }

    @Test
    void theEncoderNeverOffersARetiredModel() {
        for (String entry : RetiredModels.SHIPPED.entries()) {
            assertFalse(ModelRegistry.names().contains(entry.substring(0, entry.indexOf('@'))) && isSameBuild(entry), entry);
        }
    }

    /** Whether the shipped model of the entry's name is the retired build itself (it must not be). */
    private static boolean isSameBuild(String entry) {
        try {
            String name = entry.substring(0, entry.indexOf('@'));
            return RetiredModels.entry(ModelRegistry.load(name, false).id()).equals(entry);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
