package io.codecheck.launcher;

import io.codecheck.launcher.jmx.AgentClasses;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes the JMX agent's jar into the work directory at every start, from the agent's class files on the
 * launcher's own class path: no extra build step, so {@code -Prun}, the tests and a plain {@code java -cp} all work.
 */
final class JmxAgentJar {

    static final String FILE_NAME = "jmx-agent.jar";

    private JmxAgentJar() {
    }

    static Path write(Path workDir) {
        Path jar = workDir.resolve(FILE_NAME);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), AgentClasses.PREMAIN_CLASS);
        try {
            Files.createDirectories(workDir);
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (String resource : AgentClasses.resources()) {
                    try (InputStream in = JmxAgentJar.class.getClassLoader().getResourceAsStream(resource)) {
                        if (in == null) {
                            throw new IOException(resource + " is not on the launcher's class path");
                        }
                        out.putNextEntry(new JarEntry(resource));
                        in.transferTo(out);
                        out.closeEntry();
                    }
                }
            }
        } catch (IOException e) {
            throw new LauncherException("Cannot write the JMX agent " + jar + ": " + e.getMessage(), e);
        }
        return jar;
    }
}
