package dev.alertkit.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The boundary rules, parameterised by the module layout so that {@code BoundariesTest} can prove on small fixture
 * classes that each rule finds what it should. A module is a root package; the core module owns every package under
 * the core root that no other module claims.
 */
final class Boundaries {
  private final String coreModule;
  private final String coreRoot;
  /** Module name by root package, longest root first. */
  private final Map<String, String> moduleByRoot = new LinkedHashMap<>();

  /**
   * @param coreModule the name of the module owning the core root, e.g. {@code alert-core}
   * @param coreRoot the root package of everything, e.g. {@code dev.alertkit}
   * @param moduleRoots the other modules by name, each with its root package
   */
  Boundaries(String coreModule, String coreRoot, Map<String, String> moduleRoots) {
    this.coreModule = coreModule;
    this.coreRoot = coreRoot;
    moduleRoots.entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<String, String> e) -> e.getValue().length()).reversed())
        .forEach(e -> moduleByRoot.put(e.getValue(), e.getKey()));
  }

  /**
   * The module a package belongs to.
   *
   * @return the module name, or null for a package outside the core root (the JDK, libraries)
   */
  String moduleOf(String packageName) {
    for (Map.Entry<String, String> e : moduleByRoot.entrySet()) {
      if (inPackageTree(packageName, e.getKey())) {
        return e.getValue();
      }
    }
    return inPackageTree(packageName, coreRoot) ? coreModule : null;
  }

  /** @return whether the class is one of ours and sits in an {@code internal} package (or below one) */
  boolean isInternal(JavaClass c) {
    JavaClass base = c.getBaseComponentType();
    return moduleOf(base.getPackageName()) != null && List.of(base.getPackageName().split("\\.")).contains("internal");
  }

  /**
   * Whether code outside the module can name this class: it is public, every class enclosing it is public (or
   * protected, reachable through a subclass), and it is no local or anonymous class.
   */
  static boolean isApiType(JavaClass c) {
    if (c.isAnonymousClass() || c.isLocalClass()) {
      return false;
    }
    JavaClass current = c;
    while (true) {
      Set<JavaModifier> m = current.getModifiers();
      boolean visible = current.getEnclosingClass().isPresent()
          ? m.contains(JavaModifier.PUBLIC) || m.contains(JavaModifier.PROTECTED)
          : m.contains(JavaModifier.PUBLIC);
      if (!visible) {
        return false;
      }
      if (current.getEnclosingClass().isEmpty()) {
        return true;
      }
      current = current.getEnclosingClass().get();
    }
  }

  /**
   * Rule (1): a public type outside {@code internal} packages exposes no internal type in its supertypes, type
   * parameters or in the signature (type, return type, parameters, type parameters, throws clause, generic arguments
   * included) of any public or protected field, method or constructor.
   *
   * @param exceptions reason by exposing member ({@link JavaMember#getFullName()}) or type name; exceptions used are
   *     added to {@code used}
   * @param used receives the keys of the exceptions that matched
   */
  ArchCondition<JavaClass> exposeNoInternalType(Map<String, String> exceptions, Set<String> used) {
    return new ArchCondition<>("expose no type of an internal package in a public or protected signature") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        if (isInternal(c) || !isApiType(c) || moduleOf(c.getPackageName()) == null) {
          return;
        }
        List<JavaType> declared = new ArrayList<>();
        c.getSuperclass().ifPresent(declared::add);
        declared.addAll(c.getInterfaces());
        for (JavaTypeVariable<JavaClass> v : c.getTypeParameters()) {
          declared.addAll(v.getUpperBounds());
        }
        report(c.getName(), "type " + c.getName() + " (supertypes, type parameters)", declared, c, events);
        for (JavaField f : c.getFields()) {
          if (visible(f)) {
            report(f.getFullName(), "field " + f.getFullName(), List.of(f.getType()), c, events);
          }
        }
        for (JavaCodeUnit u : c.getCodeUnits()) {
          if (!visible(u) || u.getModifiers().contains(JavaModifier.SYNTHETIC) || u.getModifiers().contains(JavaModifier.BRIDGE)) {
            continue;
          }
          List<JavaType> types = new ArrayList<>();
          types.add(u.getReturnType());
          types.addAll(u.getParameterTypes());
          types.addAll(u.getThrowsClause().getTypes());
          for (JavaTypeVariable<? extends JavaCodeUnit> v : u.getTypeParameters()) {
            types.addAll(v.getUpperBounds());
          }
          report(u.getFullName(), (u.isConstructor() ? "constructor " : "method ") + u.getFullName(), types, c, events);
        }
      }

      private void report(String key, String what, List<? extends JavaType> types, JavaClass owner, ConditionEvents events) {
        Set<String> leaked = new TreeSet<>();
        for (JavaType t : types) {
          for (JavaClass raw : t.getAllInvolvedRawTypes()) {
            if (isInternal(raw)) {
              leaked.add(raw.getBaseComponentType().getName());
            }
          }
        }
        if (leaked.isEmpty()) {
          return;
        }
        if (exceptions.containsKey(key)) {
          used.add(key);
          return;
        }
        events.add(SimpleConditionEvent.violated(owner, what + " exposes internal " + String.join(", ", leaked)));
      }
    };
  }

  private static boolean visible(JavaMember m) {
    return m.getModifiers().contains(JavaModifier.PUBLIC) || m.getModifiers().contains(JavaModifier.PROTECTED);
  }

  /**
   * Rule (2): a class of an {@code internal} package is used only by classes of its own module.
   *
   * @param exceptions reason by {@code "module -> internal class"} (e.g. {@code "alert-twilio ->
   *     dev.alertkit.internal.Helper"}; nested classes count as their outermost class); the ones used are added to
   *     {@code used}
   * @param used receives the keys of the exceptions that matched
   */
  ArchCondition<JavaClass> useNoOtherModulesInternals(Map<String, String> exceptions, Set<String> used) {
    return new ArchCondition<>("use internal classes of their own module only") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        String origin = moduleOf(c.getPackageName());
        if (origin == null) {
          return;
        }
        for (Dependency d : c.getDirectDependenciesFromSelf()) {
          JavaClass target = d.getTargetClass().getBaseComponentType();
          if (!isInternal(target)) {
            continue;
          }
          String owner = moduleOf(target.getPackageName());
          if (owner.equals(origin)) {
            continue;
          }
          String key = origin + " -> " + outermost(target).getName();
          if (exceptions.containsKey(key)) {
            used.add(key);
          } else {
            events.add(SimpleConditionEvent.violated(c, origin + " uses " + owner + "'s internal " + target.getName() + ": "
                + d.getDescription()));
          }
        }
      }
    };
  }

  private static JavaClass outermost(JavaClass c) {
    JavaClass current = c;
    while (current.getEnclosingClass().isPresent()) {
      current = current.getEnclosingClass().get();
    }
    return current;
  }

  private static boolean inPackageTree(String packageName, String root) {
    return packageName.equals(root) || packageName.startsWith(root + ".");
  }
}
