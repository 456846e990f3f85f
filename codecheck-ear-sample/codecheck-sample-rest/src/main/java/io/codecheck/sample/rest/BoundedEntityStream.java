package io.codecheck.sample.rest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that fails the read which takes it past a number of bytes, so that a parser never sees more.
 * {@link #exceeded()} tells the failure apart from the parser's own: parsers wrap I/O errors in their exceptions.
 */
final class BoundedEntityStream extends FilterInputStream {
    private final long max;
    private long count;
    private boolean exceeded;

    BoundedEntityStream(InputStream in, long max) {
        super(in);
        this.max = max;
    }

    boolean exceeded() {
        return exceeded;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    /** No mark: a reset would let the same bytes be counted twice, or a parser read past the limit. */
    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private void counted(long n) throws IOException {
        count += n;
        if (count > max) {
            exceeded = true;
            throw new IOException("request body larger than " + max + " bytes");
        }
    }
}
