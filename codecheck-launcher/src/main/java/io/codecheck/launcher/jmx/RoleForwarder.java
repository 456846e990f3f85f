package io.codecheck.launcher.jmx;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.AccessControlContext;
import java.security.AccessController;
import java.util.Optional;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.remote.JMXPrincipal;
import javax.management.remote.MBeanServerForwarder;
import javax.security.auth.Subject;

/**
 * Sits between the connector server and the platform MBean server and applies {@link AccessRules} to every call of
 * a remote client, by the role of the {@link JMXPrincipal} that {@link PasswordAuthenticator} put in its Subject.
 */
final class RoleForwarder implements InvocationHandler {

    private volatile MBeanServer target;

    private RoleForwarder() {
    }

    static MBeanServerForwarder create() {
        return (MBeanServerForwarder) Proxy.newProxyInstance(MBeanServerForwarder.class.getClassLoader(),
                new Class<?>[] {MBeanServerForwarder.class}, new RoleForwarder());
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        int argc = args == null ? 0 : args.length;
        if (name.equals("getMBeanServer") && argc == 0) {
            return target;
        }
        if (name.equals("setMBeanServer") && argc == 1) {
            target = (MBeanServer) args[0];
            return null;
        }
        if (method.getDeclaringClass() == Object.class) {
            return switch (name) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "RoleForwarder";
            };
        }
        ObjectName objectName = argc > 0 && args[0] instanceof ObjectName n ? n : null;
        AccessRules.check(currentRole().orElse(null), name, objectName);
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Optional<JmxRole> currentRole() {
        Subject subject = currentSubject();
        if (subject == null) {
            return Optional.empty();
        }
        return subject.getPrincipals(JMXPrincipal.class).stream().map(JMXPrincipal::getName)
                .map(JmxRole::ofUser).flatMap(Optional::stream).findFirst();
    }

    /** Subject.current() where the JDK has it (18+; getSubject stops working later), else the Java 17 way. */
    @SuppressWarnings({"deprecation", "removal"})
    private static Subject currentSubject() {
        try {
            return (Subject) Subject.class.getMethod("current").invoke(null);
        } catch (NoSuchMethodException e) {
            AccessControlContext context = AccessController.getContext();
            return Subject.getSubject(context);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
