package io.codecheck.launcher.jmx;

import java.util.List;

/** What goes into the agent's jar. A unit test checks that no class file of this package is left out. */
public final class AgentClasses {

    public static final String PREMAIN_CLASS = JmxAgent.class.getName();

    private static final List<Class<?>> CLASSES = List.of(JmxAgent.class, JmxRole.class, AccessRules.class,
            CredentialsFile.class, PasswordAuthenticator.class, RoleForwarder.class,
            LoopbackServerSocketFactory.class, ExitWatcher.class);

    private AgentClasses() {
    }

    /** Resource names of the class files ({@code io/codecheck/launcher/jmx/JmxAgent.class}, ...). */
    public static List<String> resources() {
        return CLASSES.stream().map(c -> c.getName().replace('.', '/') + ".class").toList();
    }
}
