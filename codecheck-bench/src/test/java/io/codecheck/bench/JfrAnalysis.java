package io.codecheck.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the worker threads of one subject spent their CPU samples and their allocations, from a JFR file:
 * <ul>
 * <li>owner of each sample: the first frame from the top that is not JDK code (adapter, container, driver, harness);
 * JDK code is charged to whoever called it;</li>
 * <li>top frames by self samples (the top of the stack, JDK included);</li>
 * <li>the adapter's own frames, self and inclusive.</li>
 * </ul>
 */
final class JfrAnalysis {
    static final String ADAPTER = "adapter (io.codecheck.ra)";
    static final String CONTAINER = "container (Payara: pool, connection manager, transactions, EJB, naming)";
    static final String DRIVER = "driver (org.postgresql)";
    static final String HARNESS = "harness (io.codecheck.bench: loop, histogram)";
    static final String HIKARI = "HikariCP";
    static final String JDK_ONLY = "JDK only";

    final String threadPrefix;
    int samples;
    final Map<String, Integer> ownerSamples = new LinkedHashMap<>();
    final Map<String, Integer> topFrames = new HashMap<>();
    final Map<String, Integer> adapterSelf = new HashMap<>();
    final Map<String, Integer> adapterInclusive = new HashMap<>();
    final Map<String, Integer> containerFrames = new HashMap<>();
    int samplesWithAdapterFrame;
    long allocationWeight;
    final Map<String, Long> allocationOwner = new LinkedHashMap<>();
    final Map<String, Long> allocationSites = new HashMap<>();

    private JfrAnalysis(String threadPrefix) {
        this.threadPrefix = threadPrefix;
    }

    static JfrAnalysis of(Path file, String threadPrefix) throws IOException {
        JfrAnalysis a = new JfrAnalysis(threadPrefix);
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                RecordedThread t = e.getThread("sampledThread");
                if (t != null && t.getJavaName() != null && t.getJavaName().startsWith(threadPrefix)) {
                    a.sample(e.getStackTrace());
                }
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                RecordedThread t = e.getThread("eventThread");
                if (t != null && t.getJavaName() != null && t.getJavaName().startsWith(threadPrefix)) {
                    a.allocation(e);
                }
            }
        }
        return a;
    }

    private void sample(RecordedStackTrace st) {
        if (st == null || st.getFrames().isEmpty()) {
            return;
        }
        samples++;
        List<RecordedFrame> frames = st.getFrames();
        topFrames.merge(name(frames.get(0)), 1, Integer::sum);
        RecordedFrame charged = firstNonJdk(frames);
        String owner = owner(charged);
        ownerSamples.merge(owner, 1, Integer::sum);
        if (owner.equals(ADAPTER)) {
            adapterSelf.merge(name(charged), 1, Integer::sum);
        } else if (owner.equals(CONTAINER)) {
            containerFrames.merge(name(charged), 1, Integer::sum);
        }
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : frames) {
            if (isAdapter(f)) {
                seen.add(name(f));
            }
        }
        if (!seen.isEmpty()) {
            samplesWithAdapterFrame++;
            seen.forEach(n -> adapterInclusive.merge(n, 1, Integer::sum));
        }
    }

    private void allocation(RecordedEvent e) {
        long weight = e.getLong("weight");
        allocationWeight += weight;
        RecordedStackTrace st = e.getStackTrace();
        RecordedFrame charged = st == null ? null : firstNonJdk(st.getFrames());
        allocationOwner.merge(owner(charged), weight, Long::sum);
        String cls = e.getClass("objectClass") == null ? "?" : e.getClass("objectClass").getName();
        allocationSites.merge(simple(cls) + " in " + (charged == null ? "?" : name(charged)), weight, Long::sum);
    }

    private static RecordedFrame firstNonJdk(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            if (f.isJavaFrame() && !isJdk(className(f))) {
                return f;
            }
        }
        return null;
    }

    private static String owner(RecordedFrame f) {
        if (f == null) {
            return JDK_ONLY;
        }
        String c = className(f);
        if (c.startsWith("io.codecheck.ra.")) {
            return ADAPTER;
        }
        if (c.startsWith("io.codecheck.bench.")) {
            return HARNESS;
        }
        if (c.startsWith("org.postgresql.")) {
            return DRIVER;
        }
        if (c.startsWith("com.zaxxer.")) {
            return HIKARI;
        }
        return CONTAINER;
    }

    static boolean isJdk(String c) {
        return c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.") || c.startsWith("sun.")
                || c.startsWith("com.sun.proxy.") || c.startsWith("com.sun.management.")
                || c.startsWith("com.sun.jmx.") || c.startsWith("com.sun.crypto.");
    }

    private static boolean isAdapter(RecordedFrame f) {
        return f.isJavaFrame() && className(f).startsWith("io.codecheck.ra.");
    }

    private static String className(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        return m == null || m.getType() == null ? "?" : m.getType().getName();
    }

    static String name(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        if (m == null) {
            return "?";
        }
        return simple(m.getType().getName()) + "." + m.getName();
    }

    /** Package initials + class: com.sun.enterprise.resource.pool.ConnectionPool -> c.s.e.r.p.ConnectionPool. */
    static String simple(String fqcn) {
        String[] parts = fqcn.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            sb.append(parts[i].charAt(0)).append('.');
        }
        return sb.append(parts[parts.length - 1]).toString();
    }

    // ---- rendering ----

    String ownerTable() {
        StringBuilder sb = new StringBuilder("| where the CPU samples of the worker threads went (charged to the first "
                + "non-JDK frame) | samples | share |\n|---|---:|---:|\n");
        ownerSamples.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(en -> sb.append("| ").append(en.getKey()).append(" | ").append(en.getValue()).append(" | ")
                        .append(pct(en.getValue(), samples)).append(" |\n"));
        sb.append("| samples with any adapter frame on the stack (adapter inclusive) | ").append(samplesWithAdapterFrame)
                .append(" | ").append(pct(samplesWithAdapterFrame, samples)).append(" |\n");
        return sb.toString();
    }

    String top(Map<String, Integer> counts, int n, String title) {
        StringBuilder sb = new StringBuilder("| " + title + " | samples | share of all |\n|---|---:|---:|\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .forEach(en -> sb.append("| `").append(en.getKey()).append("` | ").append(en.getValue()).append(" | ")
                        .append(pct(en.getValue(), samples)).append(" |\n"));
        return sb.toString();
    }

    String allocationTable(int n) {
        StringBuilder sb = new StringBuilder("| allocation (JFR samples, weighted) charged to | share |\n|---|---:|\n");
        allocationOwner.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(en -> sb.append("| ").append(en.getKey()).append(" | ")
                        .append(pct(en.getValue(), allocationWeight)).append(" |\n"));
        sb.append("\n| top allocation sites (class in first non-JDK frame) | share |\n|---|---:|\n");
        sb.append(allocationSites.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .map(en -> "| `" + en.getKey() + "` | " + pct(en.getValue(), allocationWeight) + " |")
                .collect(Collectors.joining("\n"))).append('\n');
        return sb.toString();
    }

    static String pct(long part, long whole) {
        return whole == 0 ? "–" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }

    /** Predicate for tests. */
    static Predicate<String> jdk() {
        return JfrAnalysis::isJdk;
    }
}
