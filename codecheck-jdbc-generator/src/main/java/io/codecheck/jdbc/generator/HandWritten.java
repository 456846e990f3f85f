package io.codecheck.jdbc.generator;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The methods a hand-written wrapper declares, read from its source with the JDK's own parser (no type
 * resolution: the generated class it extends does not exist yet when this runs).
 */
final class HandWritten {

    /** Name and erased parameter types (simple names), as in {@code getObject(int,Map)}. */
    private final Set<String> signatures;

    private HandWritten(Set<String> signatures) {
        this.signatures = signatures;
    }

    /**
     * Parses the top-level class {@code className} in {@code source}.
     *
     * @throws IllegalStateException if the file does not parse or does not declare that class
     */
    static HandWritten parse(Path source, String className) {
        if (!Files.isRegularFile(source)) {
            throw new IllegalStateException("hand-written wrapper not found: " + source);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime: run the build on a JDK");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) javac.getTask(null, files, diagnostics, List.of("-proc:none"), null,
                    files.getJavaFileObjects(source));
            Iterable<? extends CompilationUnitTree> units = task.parse();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    throw new IllegalStateException(source + ":" + d.getLineNumber() + ": "
                            + d.getMessage(Locale.ROOT));
                }
            }
            for (CompilationUnitTree unit : units) {
                for (Tree type : unit.getTypeDecls()) {
                    if (type instanceof ClassTree c && c.getSimpleName().contentEquals(className)) {
                        return new HandWritten(signatures(c));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(source + " declares no top-level class " + className);
    }

    /** Whether the class declares {@code method} (same name, same erased parameter types). */
    boolean declares(Method method) {
        List<String> types = new ArrayList<>();
        for (Class<?> type : method.getParameterTypes()) {
            types.add(type.getSimpleName());
        }
        return signatures.contains(method.getName() + "(" + String.join(",", types) + ")");
    }

    private static Set<String> signatures(ClassTree c) {
        Set<String> signatures = new HashSet<>();
        for (Tree member : c.getMembers()) {
            if (member instanceof MethodTree m) {
                List<String> types = new ArrayList<>();
                for (VariableTree parameter : m.getParameters()) {
                    types.add(erasure(parameter.getType()));
                }
                signatures.add(m.getName() + "(" + String.join(",", types) + ")");
            }
        }
        return signatures;
    }

    /** The simple name of a parameter's type without type arguments: {@code Map<String, Class<?>>} is {@code Map}. */
    private static String erasure(Tree type) {
        if (type instanceof ParameterizedTypeTree p) {
            return erasure(p.getType());
        }
        if (type instanceof ArrayTypeTree a) {
            return erasure(a.getType()) + "[]";
        }
        if (type instanceof MemberSelectTree s) {
            return s.getIdentifier().toString();
        }
        if (type instanceof IdentifierTree i) {
            return i.getName().toString();
        }
        if (type instanceof PrimitiveTypeTree p) {
            return p.getPrimitiveTypeKind().name().toLowerCase(Locale.ROOT);
        }
        throw new IllegalStateException("parameter type not understood: " + type);
    }
}
