package io.codecheck.bench.web;

/** One benchmark operation, one instance per worker thread. */
public interface Op {
    /** Outside the timed loop: e.g. switch a held connection to manual commit. */
    default void prepare() throws Exception {
    }

    /** The timed operation; the result feeds a sink so that nothing can be optimised away. */
    long run() throws Exception;

    /** Outside the timed loop: undo {@link #prepare()}. */
    default void finish() throws Exception {
    }
}
