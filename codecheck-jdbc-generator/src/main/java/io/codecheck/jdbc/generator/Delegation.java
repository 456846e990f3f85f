package io.codecheck.jdbc.generator;

import java.util.List;

/**
 * One generated class: the abstract base of a hand-written JDBC wrapper, holding the methods of a {@code java.sql}
 * interface that the wrapper does not declare itself.
 *
 * @param className the generated class's simple name
 * @param api the JDBC interface the wrapper implements
 * @param inheritedApi the interface whose methods the superclass already implements ({@code Statement} for
 *        prepared statements), or {@code null}
 * @param superclass the class the generated one extends, or {@code null}
 * @param handWritten the hand-written class that extends the generated one: the interface methods it declares are
 *        not generated
 * @param target the expression the calls go to ({@code delegate}, {@code prepared}, ...)
 * @param preamble a statement written before the {@code try} of each method, or {@code null}
 * @param failure the expression thrown when the driver throws a {@code SQLException e}
 * @param description the first sentences of the class's Javadoc
 * @param members fields, constructor and abstract hooks, as Java source indented by four spaces
 * @param imports what the members need besides the types of the methods' signatures
 * @param parameters how the first parameter of the column or parameter accessors is named
 */
record Delegation(
        String className,
        Class<?> api,
        Class<?> inheritedApi,
        String superclass,
        String handWritten,
        String target,
        String preamble,
        String failure,
        String description,
        String members,
        List<Class<?>> imports,
        IndexNames parameters) {

    /**
     * Names of the first parameter of the methods that address a column or a statement parameter.
     *
     * @param index the name of an {@code int} first parameter ({@code columnIndex}, {@code parameterIndex})
     * @param label the name of a {@code String} first parameter ({@code columnLabel}, {@code parameterName})
     */
    record IndexNames(String index, String label) {
    }
}
