package io.codecheck.launcher;

import java.io.PrintStream;

/** The launcher's few lines of output (Micro's own log goes to a file). */
public class Console {

    private final PrintStream out;

    public Console(PrintStream out) {
        this.out = out;
    }

    public static Console system() {
        return new Console(System.out);
    }

    public void info(String line) {
        out.println("[sample] " + line);
        out.flush();
    }

    public void error(String line) {
        out.println("[sample] ERROR " + line);
        out.flush();
    }

    public void raw(String text) {
        out.println(text);
        out.flush();
    }
}
