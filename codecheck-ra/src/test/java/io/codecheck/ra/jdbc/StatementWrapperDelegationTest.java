package io.codecheck.ra.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.postgresql.PGStatement;

/**
 * Checks, by reflection over the JDBC interfaces and with fake driver objects, that {@link StatementWrapper},
 * {@link PreparedStatementWrapper}, {@link CallableStatementWrapper}, {@link ResultSetWrapper}, {@link ArrayWrapper}
 * and {@link DelegatingConnection} forward every method to the driver, report executions and failures, and hand out
 * wrapped statements and result sets.
 */
class StatementWrapperDelegationTest {

    /** Statement methods with behaviour of their own, checked by dedicated tests. */
    private static final Set<String> STATEMENT_OWN = Set.of("close", "unwrap", "isWrapperFor", "getConnection");

    /** Result set methods with behaviour of their own, checked by dedicated tests. */
    private static final Set<String> RESULT_SET_OWN = Set.of("getStatement", "unwrap", "isWrapperFor");

    /** Connection methods that {@link DelegatingConnection} leaves to its subclass. */
    private static final Set<String> CONNECTION_ABSTRACT = Set.of("close", "isClosed", "abort", "unwrap",
            "isWrapperFor");

    // ------------------------------------------------------------------ statements: every method

    @TestFactory
    Stream<DynamicTest> statementMethodsReachTheDriver() {
        return delegationTests(Statement.class);
    }

    @TestFactory
    Stream<DynamicTest> preparedStatementMethodsReachTheDriver() {
        return delegationTests(PreparedStatement.class);
    }

    @TestFactory
    Stream<DynamicTest> callableStatementMethodsReachTheDriver() {
        return delegationTests(CallableStatement.class);
    }

    private static Stream<DynamicTest> delegationTests(Class<? extends Statement> iface) {
        List<Method> methods = interfaceMethods(iface, STATEMENT_OWN);
        assertTrue(methods.size() > 40, "too few methods found on " + iface.getName());
        return methods.stream().flatMap(m -> Stream.of(
                DynamicTest.dynamicTest(describe(m), () -> checkStatementDelegation(iface, m)),
                DynamicTest.dynamicTest(describe(m) + " failing", () -> checkStatementFailure(iface, m))));
    }

    /** (a) the call reaches the driver with the same arguments, (b) execute methods report once, first. */
    private static void checkStatementDelegation(Class<? extends Statement> iface, Method m) throws Exception {
        Fixture f = new Fixture(iface);
        Object[] args = sampleArguments(m);

        Object result = m.invoke(f.wrapper, args);

        assertEquals(1, f.driver.calls, "driver calls");
        assertSameMethod(m, f.driver.lastMethod);
        assertSameValues(args, f.driver.lastArgs);
        if (m.getReturnType() == ResultSet.class) {
            ResultSetWrapper rs = assertInstanceOf(ResultSetWrapper.class, result, "result set wrapped");
            assertSame(f.driver.lastAnswer, rs.delegate, "wraps the driver's result set");
            assertSame(f.wrapper, rs.getStatement(), "its statement is the wrapper");
            assertSame(f.owner, rs.owner);
        } else {
            assertHandedOut(f.driver.lastAnswer, result);
        }
        if (isExecute(m)) {
            assertEquals(List.of("beforeExecute", "driver " + m.getName(), "afterExecute"), f.events);
            assertSame(sqlOf(m, args, f.wrapper), f.owner.lastSql, "SQL passed to beforeExecute");
        } else if (isBatchWithSql(m)) {
            assertEquals(List.of("batched", "driver addBatch"), f.events);
            assertSame(args[0], f.owner.lastSql, "SQL passed to batched");
        } else {
            assertEquals(eventsOf(m), f.events);
        }
    }

    /**
     * What a getter hands out: the driver's value, except that arrays are wrapped (the driver's array leads back to
     * the physical connection through its result set).
     */
    private static void assertHandedOut(Object fromDriver, Object result) {
        if (fromDriver instanceof java.sql.Array) {
            ArrayWrapper wrapper = assertInstanceOf(ArrayWrapper.class, result, "arrays are wrapped");
            assertSame(fromDriver, wrapper.delegate);
        } else {
            assertSameValue(fromDriver, result);
        }
    }

    /**
     * getObject(column, type) of a type the wrapper is not, and large objects, hand out the driver's object: the
     * session is exposed.
     */
    private static List<String> eventsOf(Method m) {
        boolean typed = m.getName().equals("getObject") && m.getParameterCount() == 2
                && m.getParameterTypes()[1] == Class.class;
        boolean lob = m.getReturnType() == java.sql.Blob.class || m.getReturnType() == java.sql.Clob.class
                || m.getReturnType() == java.sql.NClob.class;
        return typed || lob ? List.of("driver " + m.getName(), "exposed") : List.of("driver " + m.getName());
    }

    private static final String PREPARED_SQL = "SELECT ?";

    private static boolean isBatchWithSql(Method m) {
        return m.getName().equals("addBatch") && m.getParameterCount() == 1
                && m.getParameterTypes()[0] == String.class;
    }

    /** (c) an exception from the driver goes through owner.failed and its answer reaches the caller. */
    private static void checkStatementFailure(Class<? extends Statement> iface, Method m) throws Exception {
        assertTrue(declares(m, SQLException.class), m + " does not throw SQLException: update this test");
        Fixture f = new Fixture(iface);
        SQLException fromDriver = new SQLException("from the driver");
        SQLException translated = new SQLException("translated");
        f.driver.failure = fromDriver;
        f.owner.translated = translated;

        Throwable thrown = invokeExpectingFailure(f.wrapper, m, sampleArguments(m));

        assertSame(translated, thrown);
        assertSame(fromDriver, f.owner.lastFailure);
        List<String> expected = new ArrayList<>();
        if (isExecute(m)) {
            expected.add("beforeExecute");
        }
        if (isBatchWithSql(m)) {
            expected.add("batched");
        }
        expected.add("driver " + m.getName());
        expected.add("failed");
        if (isExecute(m)) {
            expected.add("afterExecute");
        }
        assertEquals(expected, f.events);
    }

    // ------------------------------------------------------------------ statements: own behaviour

    @Test
    void getConnectionReturnsTheHandle() throws SQLException {
        for (Class<? extends Statement> iface : statementInterfaces()) {
            Fixture f = new Fixture(iface);
            assertSame(f.owner.handle, f.wrapper.getConnection(), iface.getSimpleName());
            assertEquals(0, f.driver.calls, iface.getSimpleName());
        }
    }

    @Test
    void closeClosesTheDriverStatementAndTellsTheOwnerOnce() throws SQLException {
        for (Class<? extends Statement> iface : statementInterfaces()) {
            Fixture f = new Fixture(iface);
            f.wrapper.close();
            f.wrapper.close();
            assertEquals(List.of("driver close", "statementClosed"), f.events, iface.getSimpleName());
            assertSame(f.wrapper, f.owner.lastClosed);
        }
    }

    @Test
    void failingCloseStillTellsTheOwner() throws SQLException {
        for (Class<? extends Statement> iface : statementInterfaces()) {
            Fixture f = new Fixture(iface);
            SQLException fromDriver = new SQLException("from the driver");
            SQLException translated = new SQLException("translated");
            f.driver.failure = fromDriver;
            f.owner.translated = translated;

            assertSame(translated, assertThrows(SQLException.class, f.wrapper::close));
            f.wrapper.close();

            assertSame(fromDriver, f.owner.lastFailure);
            assertEquals(List.of("driver close", "failed", "statementClosed"), f.events, iface.getSimpleName());
        }
    }

    @Test
    void closeQuietlyDoesNotTellTheOwner() throws SQLException {
        for (Class<? extends Statement> iface : statementInterfaces()) {
            Fixture f = new Fixture(iface);
            f.driver.failure = new SQLException("from the driver");
            f.wrapper.closeQuietly();
            f.wrapper.close();
            assertEquals(List.of("driver close"), f.events, iface.getSimpleName());
        }
    }

    @Test
    void unwrapAnswersForTheWrapperAndAsksTheDriverOtherwise() throws SQLException {
        for (Class<? extends Statement> iface : statementInterfaces()) {
            Fixture f = new Fixture(iface);
            assertSame(f.wrapper, f.wrapper.unwrap(iface));
            assertSame(f.wrapper, f.wrapper.unwrap(Statement.class));
            assertTrue(f.wrapper.isWrapperFor(iface));
            assertEquals(0, f.driver.calls);

            PGStatement unwrapped = f.wrapper.unwrap(PGStatement.class);
            assertSame(f.driver.lastAnswer, unwrapped);
            assertSame(PGStatement.class, f.driver.lastArgs[0]);
            f.driver.answer = Boolean.FALSE;
            assertFalse(f.wrapper.isWrapperFor(PGStatement.class));
            assertEquals(List.of("exposed", "driver unwrap", "driver isWrapperFor"), f.events,
                    "the driver object is exposed");

            SQLException translated = new SQLException("translated");
            f.driver.failure = new SQLException("from the driver");
            f.owner.translated = translated;
            assertSame(translated, assertThrows(SQLException.class, () -> f.wrapper.unwrap(PGStatement.class)));
            assertSame(translated, assertThrows(SQLException.class, () -> f.wrapper.isWrapperFor(PGStatement.class)));
        }
    }

    @Test
    void aNullResultSetFromTheDriverStaysNull() throws Exception {
        for (Class<? extends Statement> iface : statementInterfaces()) {
            List<Method> resultSetMethods = new ArrayList<>();
            for (Method m : interfaceMethods(iface, STATEMENT_OWN)) {
                if (m.getReturnType() == ResultSet.class) {
                    resultSetMethods.add(m);
                }
            }
            // executeQuery(String), getResultSet(), getGeneratedKeys(), plus executeQuery() on prepared statements
            assertEquals(iface == Statement.class ? 3 : 4, resultSetMethods.size(), iface + ": " + resultSetMethods);
            for (Method m : resultSetMethods) {
                Fixture f = new Fixture(iface);
                f.driver.answerNull = true;
                assertSame(null, m.invoke(f.wrapper, sampleArguments(m)), iface.getSimpleName() + " " + describe(m));
                assertEquals(1, f.driver.calls);
            }
        }
    }

    // ------------------------------------------------------------------ result sets: every method

    @TestFactory
    Stream<DynamicTest> resultSetMethodsReachTheDriver() {
        List<Method> methods = interfaceMethods(ResultSet.class, RESULT_SET_OWN);
        assertTrue(methods.size() > 180, "too few methods found on ResultSet");
        return methods.stream().flatMap(m -> Stream.of(
                DynamicTest.dynamicTest(describe(m), () -> checkResultSetDelegation(m)),
                DynamicTest.dynamicTest(describe(m) + " failing", () -> checkResultSetFailure(m))));
    }

    /** The call reaches the driver's result set with the same arguments and the driver's answer comes back. */
    private static void checkResultSetDelegation(Method m) throws Exception {
        ResultSetFixture f = new ResultSetFixture();
        Object[] args = sampleArguments(m);

        Object result = m.invoke(f.wrapper, args);

        assertEquals(1, f.driver.calls, "driver calls");
        assertSameMethod(m, f.driver.lastMethod);
        assertSameValues(args, f.driver.lastArgs);
        assertHandedOut(f.driver.lastAnswer, result);
        assertEquals(eventsOf(m), f.events);
    }

    /** An exception from the driver's result set goes through owner.failed and its answer reaches the caller. */
    private static void checkResultSetFailure(Method m) throws Exception {
        assertTrue(declares(m, SQLException.class), m + " does not throw SQLException: update this test");
        ResultSetFixture f = new ResultSetFixture();
        SQLException fromDriver = new SQLException("from the driver");
        SQLException translated = new SQLException("translated");
        f.driver.failure = fromDriver;
        f.owner.translated = translated;

        Throwable thrown = invokeExpectingFailure(f.wrapper, m, sampleArguments(m));

        assertSame(translated, thrown);
        assertSame(fromDriver, f.owner.lastFailure);
        assertEquals(List.of("driver " + m.getName(), "failed"), f.events);
    }

    /** No interface default is left in place: the wrapper or its generated base implements every method. */
    @Test
    void resultSetWrapperImplementsEveryMethodItself() throws NoSuchMethodException {
        for (Method m : ResultSet.class.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers())) {
                Method implementation = ResultSetWrapper.class.getMethod(m.getName(), m.getParameterTypes());
                assertTrue(Set.of(ResultSetWrapper.class, GeneratedResultSetDelegation.class)
                        .contains(implementation.getDeclaringClass()), m + " not implemented");
            }
        }
    }

    // ------------------------------------------------------------------ result sets: own behaviour

    @Test
    void resultSetGetStatementReturnsTheApplicationsStatementNotTheDrivers() throws SQLException {
        ResultSetFixture f = new ResultSetFixture();
        assertSame(f.statement, f.wrapper.getStatement());

        ResultSetWrapper metadata = new ResultSetWrapper(proxy(ResultSet.class, f.driver), null, f.owner);
        assertSame(null, metadata.getStatement(), "a metadata result set has no statement");
        assertEquals(0, f.driver.calls);
        assertEquals(List.of(), f.events);
    }

    @Test
    void resultSetUnwrapAnswersForTheWrapperAndAsksTheDriverOtherwise() throws SQLException {
        ResultSetFixture f = new ResultSetFixture();
        assertSame(f.wrapper, f.wrapper.unwrap(ResultSet.class));
        assertSame(f.wrapper, f.wrapper.unwrap(ResultSetWrapper.class));
        assertTrue(f.wrapper.isWrapperFor(ResultSet.class));
        assertEquals(0, f.driver.calls);

        DriverResultSet unwrapped = f.wrapper.unwrap(DriverResultSet.class);
        assertSame(f.driver.lastAnswer, unwrapped);
        assertSame(DriverResultSet.class, f.driver.lastArgs[0]);
        f.driver.answer = Boolean.FALSE;
        assertFalse(f.wrapper.isWrapperFor(DriverResultSet.class));
        assertEquals(List.of("exposed", "driver unwrap", "driver isWrapperFor"), f.events,
                    "the driver object is exposed");

        SQLException translated = new SQLException("translated");
        f.driver.failure = new SQLException("from the driver");
        f.owner.translated = translated;
        assertSame(translated, assertThrows(SQLException.class, () -> f.wrapper.unwrap(DriverResultSet.class)));
        assertSame(translated,
                assertThrows(SQLException.class, () -> f.wrapper.isWrapperFor(DriverResultSet.class)));
        assertEquals(List.of("exposed", "driver unwrap", "driver isWrapperFor", "exposed", "driver unwrap", "failed",
                "driver isWrapperFor", "failed"), f.events);
    }

    // ------------------------------------------------------------------ arrays: every method

    @TestFactory
    Stream<DynamicTest> arrayMethodsReachTheDriver() {
        List<Method> methods = interfaceMethods(java.sql.Array.class, Set.of());
        assertTrue(methods.size() >= 10, "too few methods found on Array");
        return methods.stream().flatMap(m -> Stream.of(
                DynamicTest.dynamicTest(describe(m), () -> checkArrayDelegation(m)),
                DynamicTest.dynamicTest(describe(m) + " failing", () -> checkArrayFailure(m))));
    }

    /** The call reaches the driver's array; its result sets are wrapped without a statement, anything else is as is. */
    private static void checkArrayDelegation(Method m) throws Exception {
        ArrayFixture f = new ArrayFixture();
        Object[] args = sampleArguments(m);

        Object result = m.invoke(f.wrapper, args);

        assertEquals(1, f.driver.calls, "driver calls");
        assertSameMethod(m, f.driver.lastMethod);
        assertSameValues(args, f.driver.lastArgs);
        if (m.getReturnType() == ResultSet.class) {
            ResultSetWrapper rs = assertInstanceOf(ResultSetWrapper.class, result, "result set wrapped");
            assertSame(f.driver.lastAnswer, rs.delegate, "wraps the driver's result set");
            assertSame(null, rs.getStatement(), "an array's result set has no statement");
            assertSame(f.owner, rs.owner);
        } else {
            assertSameValue(f.driver.lastAnswer, result);
        }
        assertEquals(List.of("driver " + m.getName()), f.events);
    }

    /** An exception from the driver's array goes through owner.failed and its answer reaches the caller. */
    private static void checkArrayFailure(Method m) throws Exception {
        assertTrue(declares(m, SQLException.class), m + " does not throw SQLException: update this test");
        ArrayFixture f = new ArrayFixture();
        SQLException fromDriver = new SQLException("from the driver");
        SQLException translated = new SQLException("translated");
        f.driver.failure = fromDriver;
        f.owner.translated = translated;

        Throwable thrown = invokeExpectingFailure(f.wrapper, m, sampleArguments(m));

        assertSame(translated, thrown);
        assertSame(fromDriver, f.owner.lastFailure);
        assertEquals(List.of("driver " + m.getName(), "failed"), f.events);
    }

    // ------------------------------------------------------------------ DelegatingConnection

    @Test
    void subclassImplementsLifecycleAndWrapperMethods() throws NoSuchMethodException {
        for (Method m : Connection.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Method implementation = DelegatingConnection.class.getMethod(m.getName(), m.getParameterTypes());
            if (CONNECTION_ABSTRACT.contains(m.getName())) {
                assertTrue(Modifier.isAbstract(implementation.getModifiers()), m + " should be left abstract");
            } else {
                assertTrue(Set.of(DelegatingConnection.class, GeneratedConnectionDelegation.class)
                        .contains(implementation.getDeclaringClass()), m + " not implemented");
                assertFalse(Modifier.isAbstract(implementation.getModifiers()), m + " not implemented");
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> connectionMethodsReachTheDriver() {
        List<Method> methods = interfaceMethods(Connection.class, CONNECTION_ABSTRACT);
        assertTrue(methods.size() > 50, "too few methods found on Connection");
        return methods.stream().flatMap(m -> Stream.of(
                DynamicTest.dynamicTest(describe(m), () -> checkConnectionDelegation(m)),
                DynamicTest.dynamicTest(describe(m) + " failing", () -> checkConnectionFailure(m)),
                DynamicTest.dynamicTest(describe(m) + " on unusable handle", () -> checkPhysicalFailure(m))));
    }

    /** (e) the call reaches physical() and the driver; statements come back through the wrap hooks. */
    private static void checkConnectionDelegation(Method m) throws Exception {
        TestConnection c = new TestConnection();
        Object[] args = sampleArguments(m);

        Object result = m.invoke(c, args);

        assertEquals(1, c.driver.calls, "driver calls");
        assertSameMethod(m, c.driver.lastMethod);
        assertSameValues(args, c.driver.lastArgs);
        String hook = wrapHook(m);
        if (hook == null) {
            assertSameValue(c.driver.lastAnswer, result);
            assertEquals(List.of("physical", "driver " + m.getName()), c.events);
        } else {
            assertSame(c.driver.lastAnswer, c.wrapIn, "driver's statement given to " + hook);
            assertSame(c.wrapOut, result, "caller gets what " + hook + " returns");
            if (hook.equals("wrapStatement")) {
                assertEquals(List.of("physical", "driver " + m.getName(), hook), c.events);
            } else {
                assertEquals(List.of("physical", "onPrepare", "driver " + m.getName(), hook), c.events);
                assertSame(args[0], c.preparedSql, "SQL given to onPrepare");
            }
        }
    }

    /** (e) an exception from the driver goes through failed() and its answer reaches the caller. */
    private static void checkConnectionFailure(Method m) throws Exception {
        TestConnection c = new TestConnection();
        boolean clientInfo = !declares(m, SQLException.class);
        assertTrue(!clientInfo || declares(m, SQLClientInfoException.class), m + ": update this test");
        SQLException fromDriver = clientInfo ? new SQLClientInfoException() : new SQLException("from the driver");
        SQLException translated = clientInfo ? new SQLClientInfoException() : new SQLException("translated");
        c.driver.failure = fromDriver;
        c.translated = translated;

        Throwable thrown = invokeExpectingFailure(c, m, sampleArguments(m));

        assertSame(translated, thrown);
        assertSame(fromDriver, c.lastFailure);
        assertEquals(1, c.driver.calls);
        assertEquals(0, c.events.stream().filter(e -> e.startsWith("wrap")).count(), "nothing wrapped");
        assertEquals("failed", c.events.get(c.events.size() - 1));
    }

    /** An exception from physical() reaches the caller as it is (or as a SQLClientInfoException), not failed(). */
    private static void checkPhysicalFailure(Method m) throws Exception {
        TestConnection c = new TestConnection();
        SQLException closed = new SQLException("handle closed", "08003");
        c.physicalFailure = closed;

        Throwable thrown = invokeExpectingFailure(c, m, sampleArguments(m));

        if (declares(m, SQLException.class)) {
            assertSame(closed, thrown);
        } else {
            SQLClientInfoException e = assertInstanceOf(SQLClientInfoException.class, thrown);
            assertSame(closed, e.getCause());
            assertEquals("08003", e.getSQLState());
        }
        assertEquals(List.of("physical"), c.events);
    }

    @Test
    void setClientInfoKeepsTheDriversExceptionWhenFailedReturnsAnotherType() throws SQLException {
        TestConnection c = new TestConnection();
        SQLClientInfoException fromDriver = new SQLClientInfoException();
        c.driver.failure = fromDriver;
        c.translated = new SQLException("not a SQLClientInfoException");

        assertSame(fromDriver, assertThrows(SQLClientInfoException.class, () -> c.setClientInfo("name", "value")));
        assertSame(fromDriver, assertThrows(SQLClientInfoException.class, () -> c.setClientInfo(new Properties())));
        assertEquals(List.of("physical", "driver setClientInfo", "failed", "physical", "driver setClientInfo",
                "failed"), c.events);
    }

    @Test
    void setClientInfoOnUnusableHandleNamesTheFailedProperties() {
        TestConnection c = new TestConnection();
        c.physicalFailure = new SQLException("handle closed", "08003");
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", "app");
        properties.setProperty("ClientUser", "user");

        SQLClientInfoException one = assertThrows(SQLClientInfoException.class,
                () -> c.setClientInfo("ApplicationName", "app"));
        SQLClientInfoException all = assertThrows(SQLClientInfoException.class, () -> c.setClientInfo(properties));

        assertEquals(Map.of("ApplicationName", ClientInfoStatus.REASON_UNKNOWN), one.getFailedProperties());
        assertEquals(Map.of("ApplicationName", ClientInfoStatus.REASON_UNKNOWN, "ClientUser",
                ClientInfoStatus.REASON_UNKNOWN), all.getFailedProperties());
    }

    // ------------------------------------------------------------------ fixtures

    /** A wrapper of the given kind around a fake driver statement, with a recording owner. */
    private static final class Fixture {
        final List<String> events = new ArrayList<>();
        final Fake driver = new Fake(events);
        final RecordingOwner owner = new RecordingOwner(events);
        final StatementWrapper wrapper;

        Fixture(Class<? extends Statement> iface) {
            if (iface == CallableStatement.class) {
                wrapper = new CallableStatementWrapper(proxy(CallableStatement.class, driver), owner, PREPARED_SQL);
            } else if (iface == PreparedStatement.class) {
                wrapper = new PreparedStatementWrapper(proxy(PreparedStatement.class, driver), owner, PREPARED_SQL);
            } else {
                wrapper = new StatementWrapper(proxy(Statement.class, driver), owner);
            }
        }
    }

    /** Stands for an interface of the driver's own that only its result set implements. */
    interface DriverResultSet {
    }

    /** A result set wrapper around a fake driver result set, made by a fake application statement. */
    private static final class ResultSetFixture {
        final List<String> events = new ArrayList<>();
        final Fake driver = new Fake(events);
        final RecordingOwner owner = new RecordingOwner(events);
        final Statement statement = proxy(Statement.class, new Fake(new ArrayList<>()));
        final ResultSetWrapper wrapper = new ResultSetWrapper(proxy(ResultSet.class, driver), statement, owner);
    }

    /** An array wrapper around a fake driver array. */
    private static final class ArrayFixture {
        final List<String> events = new ArrayList<>();
        final Fake driver = new Fake(events);
        final RecordingOwner owner = new RecordingOwner(events);
        final java.sql.Array wrapper = ArrayWrapper.wrap(proxy(java.sql.Array.class, driver), owner);
    }

    private static final class RecordingOwner implements StatementOwner {
        final List<String> events;
        final Connection handle = proxy(Connection.class, new Fake(new ArrayList<>()));
        String lastSql;
        SQLException lastFailure;
        SQLException translated;
        StatementWrapper lastClosed;

        RecordingOwner(List<String> events) {
            this.events = events;
        }

        @Override
        public Connection handle() {
            return handle;
        }

        @Override
        public InFlight beforeExecute(String sql) {
            events.add("beforeExecute");
            lastSql = sql;
            return new InFlight() {
                @Override
                void end() {
                    events.add("afterExecute");
                }
            };
        }

        @Override
        public InFlight fetching() {
            return new InFlight();
        }

        @Override
        public void batched(String sql) {
            events.add("batched");
            lastSql = sql;
        }

        @Override
        public void exposed() {
            events.add("exposed");
        }

        @Override
        public SQLException failed(SQLException e) {
            events.add("failed");
            lastFailure = e;
            return translated;
        }

        @Override
        public void statementClosed(StatementWrapper statement) {
            events.add("statementClosed");
            lastClosed = statement;
        }
    }

    /** A DelegatingConnection over a fake driver connection, recording what its hooks see. */
    private static final class TestConnection extends DelegatingConnection {
        final List<String> events = new ArrayList<>();
        final Fake driver = new Fake(events);
        final Connection physical = proxy(Connection.class, driver);
        SQLException physicalFailure;
        SQLException lastFailure;
        SQLException translated;
        Statement wrapIn;
        Statement wrapOut;
        String preparedSql;

        @Override
        protected Connection physical() throws SQLException {
            events.add("physical");
            if (physicalFailure != null) {
                throw physicalFailure;
            }
            return physical;
        }

        @Override
        protected SQLException failed(SQLException e) {
            events.add("failed");
            lastFailure = e;
            return translated;
        }

        @Override
        protected Statement wrapStatement(Statement statement) {
            return wrapped("wrapStatement", statement, Statement.class);
        }

        @Override
        protected PreparedStatement wrapPrepared(PreparedStatement statement, String sql) {
            return wrapped("wrapPrepared", statement, PreparedStatement.class);
        }

        @Override
        protected CallableStatement wrapCallable(CallableStatement statement, String sql) {
            return wrapped("wrapCallable", statement, CallableStatement.class);
        }

        private <S extends Statement> S wrapped(String hook, Statement statement, Class<S> type) {
            events.add(hook);
            wrapIn = statement;
            S out = proxy(type, new Fake(new ArrayList<>()));
            wrapOut = out;
            return out;
        }

        @Override
        protected void onPrepare(String sql) {
            events.add("onPrepare");
            preparedSql = sql;
        }

        @Override
        public void close() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isClosed() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void abort(Executor executor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            throw new UnsupportedOperationException();
        }
    }

    /** A fake driver object: records each call and answers with a fresh sample value (or throws). */
    private static final class Fake implements InvocationHandler {
        final List<String> events;
        int calls;
        Method lastMethod;
        Object[] lastArgs;
        Object lastAnswer;
        /** Answer for the next calls instead of a sample value, if set. */
        Object answer;
        /** Thrown by every call, if set. */
        Throwable failure;
        /** Answer {@code null} to the next calls, if set. */
        boolean answerNull;

        Fake(List<String> events) {
            this.events = events;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                switch (method.getName()) {
                    case "equals":
                        return proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    default:
                        return "fake " + proxy.getClass().getInterfaces()[0].getSimpleName();
                }
            }
            events.add("driver " + method.getName());
            calls++;
            lastMethod = method;
            lastArgs = args == null ? new Object[0] : args;
            if (failure != null) {
                throw failure;
            }
            if (answerNull) {
                lastAnswer = null;
            } else if (answer != null) {
                lastAnswer = answer;
            } else if (method.getName().equals("unwrap")) {
                lastAnswer = proxy((Class<?>) args[0], new Fake(new ArrayList<>()));
            } else {
                lastAnswer = sample(method.getReturnType(), 1);
            }
            return lastAnswer;
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<Class<? extends Statement>> statementInterfaces() {
        return List.of(Statement.class, PreparedStatement.class, CallableStatement.class);
    }

    /** Every instance method of the interface, inherited ones included, except those named in {@code except}. */
    private static List<Method> interfaceMethods(Class<?> iface, Set<String> except) {
        List<Method> methods = new ArrayList<>();
        for (Method m : iface.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) && !except.contains(m.getName())) {
                methods.add(m);
            }
        }
        methods.sort(Comparator.comparing(StatementWrapperDelegationTest::describe));
        return methods;
    }

    private static boolean isExecute(Method m) {
        return m.getName().startsWith("execute");
    }

    /** The SQL an execute method takes, or null. */
    /** What an execute method reports: its own SQL argument, else the prepared statement's SQL (null for a batch). */
    private static String sqlOf(Method m, Object[] args, StatementWrapper wrapper) {
        if (m.getParameterCount() > 0 && m.getParameterTypes()[0] == String.class) {
            return (String) args[0];
        }
        return wrapper instanceof PreparedStatementWrapper p ? p.sql : null;
    }

    /** The DelegatingConnection hook the result of a Connection method goes through, or null. */
    private static String wrapHook(Method m) {
        switch (m.getName()) {
            case "createStatement":
                return "wrapStatement";
            case "prepareStatement":
                return "wrapPrepared";
            case "prepareCall":
                return "wrapCallable";
            default:
                return null;
        }
    }

    private static boolean declares(Method m, Class<? extends Exception> exception) {
        return Arrays.asList(m.getExceptionTypes()).contains(exception);
    }

    private static String describe(Method m) {
        StringBuilder s = new StringBuilder(m.getName()).append('(');
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            s.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
        }
        return s.append(')').toString();
    }

    private static Throwable invokeExpectingFailure(Object target, Method m, Object[] args) throws Exception {
        try {
            m.invoke(target, args);
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
        return fail(m + " did not throw");
    }

    private static void assertSameMethod(Method expected, Method actual) {
        assertEquals(describe(expected), describe(actual), "method reached on the driver");
        assertEquals(expected.getReturnType(), actual.getReturnType());
    }

    private static void assertSameValues(Object[] expected, Object[] actual) {
        assertEquals(expected.length, actual.length, "argument count");
        for (int i = 0; i < expected.length; i++) {
            assertSameValue(expected[i], actual[i]);
        }
    }

    /** Primitives (boxed) must be equal, objects the very same. */
    private static void assertSameValue(Object expected, Object actual) {
        if (expected instanceof Number || expected instanceof Boolean || expected instanceof Character) {
            assertEquals(expected, actual);
        } else {
            assertSame(expected, actual);
        }
    }

    private static Object[] sampleArguments(Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = sample(types[i], i + 2);
        }
        return args;
    }

    /**
     * A value of the given type, distinct from the type's default and (for primitives) from other seeds; a new
     * object for reference types.
     */
    private static Object sample(Class<?> type, int seed) {
        if (type == void.class) {
            return null;
        } else if (type == boolean.class) {
            return Boolean.TRUE;
        } else if (type == byte.class) {
            return (byte) (seed + 10);
        } else if (type == short.class) {
            return (short) (seed + 20);
        } else if (type == int.class) {
            return seed + 30;
        } else if (type == long.class) {
            return seed + 40_000_000_000L;
        } else if (type == float.class) {
            return seed + 0.5f;
        } else if (type == double.class) {
            return seed + 0.25;
        } else if (type == String.class) {
            return "value " + seed;
        } else if (type == Object.class) {
            return new Object();
        } else if (type == Class.class) {
            return String.class;
        } else if (type.isArray()) {
            Object array = java.lang.reflect.Array.newInstance(type.getComponentType(), 1);
            java.lang.reflect.Array.set(array, 0, sample(type.getComponentType(), seed));
            return array;
        } else if (type == BigDecimal.class) {
            return BigDecimal.valueOf(seed);
        } else if (type == Date.class) {
            return new Date(seed);
        } else if (type == Time.class) {
            return new Time(seed);
        } else if (type == Timestamp.class) {
            return new Timestamp(seed);
        } else if (type == Calendar.class) {
            return Calendar.getInstance();
        } else if (type == URL.class) {
            try {
                return URI.create("http://example.invalid/" + seed).toURL();
            } catch (MalformedURLException e) {
                throw new AssertionError(e);
            }
        } else if (type == InputStream.class) {
            return new ByteArrayInputStream(new byte[] {(byte) seed});
        } else if (type == Reader.class) {
            return new StringReader("value " + seed);
        } else if (type == Map.class) {
            return new HashMap<>();
        } else if (type == Properties.class) {
            return new Properties();
        } else if (type == SQLWarning.class) {
            return new SQLWarning("warning " + seed);
        } else if (type.isInterface()) {
            return proxy(type, new Fake(new ArrayList<>()));
        }
        return fail("no sample value for " + type.getName() + ": update this test");
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(StatementWrapperDelegationTest.class.getClassLoader(),
                new Class<?>[] {type}, handler));
    }
}
