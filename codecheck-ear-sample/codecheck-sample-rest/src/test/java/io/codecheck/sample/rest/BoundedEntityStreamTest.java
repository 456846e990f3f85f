package io.codecheck.sample.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import org.junit.jupiter.api.Test;

/** The limit's edge: exactly the limit is read whole, one byte more fails the read that passes it. */
class BoundedEntityStreamTest {

    @Test
    void aBodyOfExactlyTheLimitIsReadWhole() throws IOException {
        byte[] body = new byte[100];
        try (BoundedEntityStream in = new BoundedEntityStream(new ByteArrayInputStream(body), 100)) {
            assertArrayEquals(body, in.readAllBytes());
            assertFalse(in.exceeded());
        }
    }

    @Test
    void theReadThatPassesTheLimitFailsAndIsFlagged() throws IOException {
        try (BoundedEntityStream in = new BoundedEntityStream(new ByteArrayInputStream(new byte[101]), 100)) {
            assertEquals(60, in.read(new byte[60]));
            assertFalse(in.exceeded());
            assertThrows(IOException.class, () -> in.read(new byte[60]));
            assertTrue(in.exceeded());
        }
    }

    @Test
    void singleBytesAndSkipsCountToo() throws IOException {
        try (BoundedEntityStream in = new BoundedEntityStream(new ByteArrayInputStream(new byte[10]), 5)) {
            assertEquals(4, in.skip(4));
            assertEquals(0, in.read());
            assertThrows(IOException.class, in::read);
            assertTrue(in.exceeded());
        }
    }
}
