package io.agentdeploy.plugincheck;

import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import java.beans.Introspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Pipeline step's parameters from its Java source the way Pipeline data binding finds them:
 * the parameters of the {@code @DataBoundConstructor}, and every {@code @DataBoundSetter} method or
 * field of the class and of its superclasses that are sources of the same folder.
 */
final class StepParameters {

    private final Path sourceFolder;

    /** @param sourceFolder the folder of the step classes, {@code .../io/agentdeploy/jenkins/steps} */
    StepParameters(Path sourceFolder) {
        this.sourceFolder = sourceFolder;
    }

    /** Returns the step's function name, from its {@code FUNCTION_NAME} constant. */
    String functionName(String className) throws IOException {
        return type(className).getFieldByName("FUNCTION_NAME")
                .flatMap(field -> field.getVariable(0).getInitializer())
                .map(value -> value.asStringLiteralExpr().getValue())
                .orElseThrow(() -> new IllegalStateException(className + " has no FUNCTION_NAME constant"));
    }

    /** Returns the parameter names in declaration order, superclasses last. */
    Set<String> parameters(String className) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        Optional<ClassOrInterfaceDeclaration> current = Optional.of(type(className));
        while (current.isPresent()) {
            ClassOrInterfaceDeclaration type = current.get();
            for (ConstructorDeclaration constructor : type.getConstructors()) {
                if (constructor.isAnnotationPresent("DataBoundConstructor")) {
                    constructor.getParameters().stream().map(Parameter::getNameAsString).forEach(names::add);
                }
            }
            for (MethodDeclaration method : type.getMethods()) {
                if (method.isAnnotationPresent("DataBoundSetter") && method.getNameAsString().startsWith("set")) {
                    names.add(Introspector.decapitalize(method.getNameAsString().substring(3)));
                }
            }
            for (FieldDeclaration field : type.getFields()) {
                if (field.isAnnotationPresent("DataBoundSetter")) {
                    field.getVariables().stream().map(VariableDeclarator::getNameAsString).forEach(names::add);
                }
            }
            current = superclass(type);
        }
        return names;
    }

    private Optional<ClassOrInterfaceDeclaration> superclass(ClassOrInterfaceDeclaration type) throws IOException {
        if (type.getExtendedTypes().isEmpty()) {
            return Optional.empty();
        }
        String name = type.getExtendedTypes(0).getNameAsString();
        return Files.isRegularFile(sourceFolder.resolve(name + ".java")) ? Optional.of(type(name)) : Optional.empty();
    }

    private ClassOrInterfaceDeclaration type(String className) throws IOException {
        CompilationUnit unit = StaticJavaParser.parse(sourceFolder.resolve(className + ".java"));
        return unit.getClassByName(className)
                .orElseThrow(() -> new IllegalStateException(className + ".java declares no class " + className));
    }
}
