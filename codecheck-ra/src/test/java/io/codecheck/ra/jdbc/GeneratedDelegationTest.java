package io.codecheck.ra.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The shape of the generated delegation (docs/architecture.md, "Generated delegation"): each hand-written wrapper
 * extends its generated base, every JDBC method is implemented by a class (no interface default is left in place,
 * nothing is left abstract but what {@link DelegatingConnection} leaves to the handle), and no hand-written method
 * hides a generated one (which would mean the generator did not see it and wrote dead code).
 * {@link StatementWrapperDelegationTest} checks what each method does.
 */
class GeneratedDelegationTest {

    /** Hand-written wrapper, its generated base, the interface the base's methods come from. */
    private record Pair(Class<?> handWritten, Class<?> generated, Class<?> api) {
    }

    private static final List<Pair> PAIRS = List.of(
            new Pair(DelegatingConnection.class, GeneratedConnectionDelegation.class, Connection.class),
            new Pair(StatementWrapper.class, GeneratedStatementDelegation.class, Statement.class),
            new Pair(PreparedStatementWrapper.class, GeneratedPreparedStatementDelegation.class,
                    PreparedStatement.class),
            new Pair(CallableStatementWrapper.class, GeneratedCallableStatementDelegation.class,
                    CallableStatement.class),
            new Pair(ResultSetWrapper.class, GeneratedResultSetDelegation.class, ResultSet.class),
            new Pair(ArrayWrapper.class, GeneratedArrayDelegation.class, Array.class));

    /** What the connection handle implements itself. */
    private static final Set<String> LEFT_TO_THE_HANDLE = Set.of("close", "isClosed", "abort", "unwrap",
            "isWrapperFor");

    @Test
    void eachWrapperExtendsItsGeneratedBase() {
        for (Pair p : PAIRS) {
            assertEquals(p.generated(), p.handWritten().getSuperclass(), p.handWritten().getSimpleName());
            assertTrue(Modifier.isAbstract(p.generated().getModifiers()), p.generated() + " is abstract");
            assertFalse(Modifier.isPublic(p.generated().getModifiers()), p.generated() + " is package-private");
            assertTrue(p.api().isAssignableFrom(p.generated()), p.generated() + " implements " + p.api());
        }
        assertEquals(StatementWrapper.class, GeneratedPreparedStatementDelegation.class.getSuperclass());
        assertEquals(PreparedStatementWrapper.class, GeneratedCallableStatementDelegation.class.getSuperclass());
        assertEquals(DelegatingConnection.class, ConnectionHandle.class.getSuperclass());
    }

    @Test
    void everyMethodIsImplementedByAClass() throws NoSuchMethodException {
        for (Pair p : PAIRS) {
            for (Method m : p.api().getMethods()) {
                if (Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                Method implementation = p.handWritten().getMethod(m.getName(), m.getParameterTypes());
                assertFalse(implementation.getDeclaringClass().isInterface(),
                        p.handWritten().getSimpleName() + ": " + m + " is left to the interface");
                boolean leftAbstract = p.handWritten() == DelegatingConnection.class
                        && LEFT_TO_THE_HANDLE.contains(m.getName());
                assertEquals(leftAbstract, Modifier.isAbstract(implementation.getModifiers()),
                        p.handWritten().getSimpleName() + ": " + m);
            }
        }
        for (Method m : Connection.class.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers())) {
                Method implementation = ConnectionHandle.class.getMethod(m.getName(), m.getParameterTypes());
                assertFalse(Modifier.isAbstract(implementation.getModifiers()), "ConnectionHandle: " + m);
            }
        }
    }

    @Test
    void noHandWrittenMethodHidesAGeneratedOne() {
        for (Pair p : PAIRS) {
            List<String> both = new ArrayList<>();
            for (Method generated : p.generated().getDeclaredMethods()) {
                if (generated.isSynthetic()) {
                    continue;
                }
                for (Method handWritten : p.handWritten().getDeclaredMethods()) {
                    if (!handWritten.isSynthetic() && handWritten.getName().equals(generated.getName())
                            && Arrays.equals(handWritten.getParameterTypes(), generated.getParameterTypes())) {
                        both.add(generated.getName() + Arrays.toString(generated.getParameterTypes()));
                    }
                }
            }
            assertEquals(List.of(), both, p.handWritten().getSimpleName() + " and " + p.generated().getSimpleName());
        }
    }

    @Test
    void generatedClassesDeclareOnlyTheInterfacesMethods() throws NoSuchMethodException {
        for (Pair p : PAIRS) {
            for (Method m : p.generated().getDeclaredMethods()) {
                if (m.isSynthetic() || Modifier.isAbstract(m.getModifiers())) {
                    continue; // physical() and failed(SQLException): the hooks the handle implements
                }
                Method declared = p.api().getMethod(m.getName(), m.getParameterTypes());
                assertEquals(declared.getReturnType(), m.getReturnType(), m.toString());
                assertTrue(Modifier.isPublic(m.getModifiers()), m.toString());
            }
        }
    }
}
