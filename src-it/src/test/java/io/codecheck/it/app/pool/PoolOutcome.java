package io.codecheck.it.app.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** The four loads of one pool in {@code PoolOptionsIT}, and the rows the two writing loads left in the table. */
public record PoolOutcome(String label, PoolLoad.Result select, PoolLoad.Result cmt, PoolLoad.Result twoHandles,
                          PoolLoad.Result overlap, long cmtRows, long twoHandlesRows) {

    public List<PoolLoad.Result> loads() {
        return List.of(select, cmt, twoHandles, overlap);
    }

    /** Appends the rows check to the report (the loads reported themselves as they finished). */
    public void report() {
        append("rows: CMT " + cmtRows + " in the table for " + cmt.rowsWritten + " written by successful calls; two "
                + "handles " + twoHandlesRows + " for " + twoHandles.rowsWritten + "\n\n");
    }

    /** Appends to the report file (system property {@value PoolNames#REPORT_PROPERTY}) and stdout. */
    public static void append(String text) {
        System.out.print(text);
        String file = System.getProperty(PoolNames.REPORT_PROPERTY);
        if (file != null) {
            try {
                Files.writeString(Path.of(file), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
