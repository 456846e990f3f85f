package io.codecheck.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.micro.Directories;
import io.codecheck.micro.LogTail;
import io.codecheck.micro.PayaraMicro;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kit's pieces that need no server: waiting, ports, tails, directories, Micro's command lines. */
class TestKitSelfTest {

    @Test
    void awaitReturnsOnceTheConditionHoldsAndFailsNamingWhatDidNotHappen() {
        AtomicInteger calls = new AtomicInteger();
        Await.until("third call", Duration.ofSeconds(5), () -> calls.incrementAndGet() >= 3);
        assertEquals(3, calls.get());

        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.until(Duration.ofMillis(300), () -> false, () -> "never, state " + calls.get()));
        assertTrue(e.getMessage().contains("not within 300 ms: never, state 3"), e.getMessage());
        assertFalse(Await.within(Duration.ofMillis(200), () -> false));
        assertEquals("x", Await.result("an answer", Duration.ofSeconds(5), () -> calls.incrementAndGet() > 5 ? "x" : null));
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> Await.until("no", Duration.ofSeconds(5), () -> {
                    throw new IllegalStateException("boom");
                }));
        assertEquals("boom", thrown.getMessage(), "an exception of the condition fails at once");
    }

    @Test
    void aFreePortCanBeBoundAndABusyOneIsSeen() throws Exception {
        int port = FreePorts.loopback();
        assertTrue(FreePorts.allFree(InetAddress.getLoopbackAddress(), port));
        try (ServerSocket busy = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertFalse(FreePorts.allFree(InetAddress.getLoopbackAddress(), busy.getLocalPort()));
        }
        int base = FreePorts.base(InetAddress.getLoopbackAddress(), 20000, 300, 100, 1, 2);
        assertTrue(base >= 20000 && base < 50000 && base % 100 == 0, "base " + base);
    }

    @Test
    void tailsAndDirectories(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("a.log"), "one\ntwo\nthree\n");
        assertEquals("two\nthree", LogTail.lines(log, 2));
        assertEquals("ree\n", LogTail.chars(log, 4));
        assertTrue(LogTail.lines(dir.resolve("missing.log"), 2).startsWith("(no log: "));

        Path tree = Files.createDirectories(dir.resolve("t/u/v"));
        Files.writeString(tree.resolve("f"), "x");
        Directories.deleteRecursively(dir.resolve("t"));
        assertFalse(Files.exists(dir.resolve("t")));
        Directories.deleteRecursively(dir.resolve("t")); // absent: nothing to do
        Directories.deleteQuietly(dir.resolve("t"));
    }

    @Test
    void deployCommandsQuotePathsWithSpaces(@TempDir Path dir) {
        assertEquals("deploy --name ra " + dir.resolve("a.rar"), PayaraMicro.deploy("ra", null, dir.resolve("a.rar")));
        assertEquals("deploy --name app --contextroot c \"" + dir.resolve("my app.war") + "\"",
                PayaraMicro.deploy("app", "c", dir.resolve("my app.war")));
    }
}
