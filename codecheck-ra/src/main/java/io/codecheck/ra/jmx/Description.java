package io.codecheck.ra.jmx;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a JMX console shows for an attribute (on its getter) or an operation of {@link ConnectionPoolMXBean}: read
 * once, when the first MBean is registered, by {@link PoolMBeanRegistration}. A new attribute is one annotated getter
 * here plus its implementation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Description {
    /** The description: what it counts or does, and what value to expect. Not just the attribute's name. */
    String value();

    /**
     * For the attributes to watch first, their place at the top of the console's list (1, 2, ...); 0 for the rest,
     * which follow in the MBean server's order.
     */
    int watchFirst() default 0;
}
